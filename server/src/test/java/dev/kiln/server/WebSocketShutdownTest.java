package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bindings.md §2.8: on shutdown, WebSockets disconnect; Kiln says so with 1001 rather than dropping them. */
class WebSocketShutdownTest {

    @TempDir
    Path root;

    @Test
    void stoppingTheServerClosesOpenSocketsWith1001() throws Exception {
        Path worker = WorkerFixture.worker(root, "ws", WebSocketTest.WORKER, "[[kv_namespaces]]\nbinding = \"KV\"\nid = \"ws-kv\"\n");
        KilnServer server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
        WsClient client = WsClient.connect(server, "/echo?id=shutdown");
        client.socket.sendText("hi", true).join();
        assertThat(client.next()).isEqualTo("hi");
        server.close();
        assertThat(client.awaitClose()).isEqualTo(new WsClient.Closed(1001, "Kiln is shutting down"));
    }
}

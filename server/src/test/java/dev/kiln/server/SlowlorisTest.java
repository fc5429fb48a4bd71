package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 connections that never finish a request: normal requests keep being served beside them, the header and
 * idle timeouts close every one of them, and the port answers afterwards; a quiet WebSocket is not idle.
 */
class SlowlorisTest {

    private static final int FLOOD = 2_000;
    /** What each flood connection sends: nothing, half a request line, a request line and half a header block. */
    private static final String[] STALLS = {"", "GET /slow HT", "GET /slow HTTP/1.1\r\nHost: x\r\nX-Stall: "};

    @TempDir
    static Path root;
    static KilnServer server;

    @BeforeAll
    static void start() {
        System.setProperty("kiln.http.headerTimeout", "PT2S");
        System.setProperty("kiln.http.idleTimeout", "PT3S");
        try {
            Path worker = WorkerFixture.worker(root, "fast", """
                    public Response fetch(Request request, Env env, ExecutionContext ctx) {
                        if (!WebSocket.isUpgrade(request)) {
                            return Response.text("fast");
                        }
                        WebSocket socket = WebSocket.create();
                        socket.accept(new WebSocket.Handler() {
                            public void onText(WebSocket ws, String message) {
                                ws.send(message);
                            }
                        });
                        return Response.webSocket(socket);
                    }
                    """, "");
            server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
        } finally {
            System.clearProperty("kiln.http.headerTimeout");
            System.clearProperty("kiln.http.idleTimeout");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSlowlorisNeitherStarvesNorKillsTheListener() throws Exception {
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                socket.getOutputStream().write(STALLS[i % STALLS.length].getBytes(StandardCharsets.US_ASCII));
                flood.add(socket);
                if (i % 250 == 0) {
                    assertThat(Http.get(server.url() + "/").body()).isEqualTo("fast");
                }
            }
            for (int i = 0; i < 20; i++) {
                assertThat(Http.get(server.url() + "/").body()).isEqualTo("fast");
            }
            assertThat(health()).contains("\"name\":\"http\"").contains("\"accepting\":true");

            for (Socket socket : flood) {
                socket.setSoTimeout(15_000); // the first waits out the timeouts; the rest are closed by then
                assertThat(closedByServer(socket.getInputStream())).isTrue();
            }
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
        assertThat(Http.get(server.url() + "/").body()).isEqualTo("fast");
        assertThat(health()).contains("\"status\":\"ok\"");
    }

    @Test
    void aQuietWebSocketOutlivesTheIdleTimeout() throws Exception {
        WsClient client = WsClient.connect(server, "/ws");
        // A connection opened after the socket and closed for idleness: the idle sweep has seen the socket quiet
        // for longer still. The socket watches its own client (pings), not the listener's idle timeout.
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            idle.setSoTimeout(15_000);
            assertThat(closedByServer(idle.getInputStream())).isTrue();
        }
        client.socket.sendText("still here", true).join();
        assertThat(client.next()).isEqualTo("still here");
    }

    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static String health() {
        return Http.get(server.adminUrl() + "/healthz", "Authorization", "Bearer " + WorkerFixture.TOKEN).body();
    }
}

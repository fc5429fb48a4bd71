package zeptoclaw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.KilnRuntime;
import dev.kiln.runtime.RuntimeOptions;
import dev.kiln.runtime.WorkerSpec;
import dev.kiln.server.KilnServer;
import dev.kiln.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeats, incidents and gateway health survive a restart of Kiln on the same state directory. */
class RestartTest {

    @TempDir
    Path state;

    private final HttpClient http = HttpClient.newHttpClient();

    private KilnServer start(StubGateway gateway) {
        Map<String, String> vars = Map.of("ZEPTOCLAW_GATEWAY_URLS", gateway.url(), "ZEPTOCLAW_ADMIN_TOKEN", "restart-admin-token",
                "ZEPTOCLAW_UPSTREAM_TIMEOUT_MS", "700", "ZEPTOCLAW_PROBE_INTERVAL_SECONDS", "0");
        KilnRuntime runtime = KilnRuntime.start(RuntimeOptions.defaults(state).withBuildDir(Path.of("target", "kiln-build").toAbsolutePath()),
                java.util.List.of(new WorkerSpec(Path.of("wrangler.toml").toAbsolutePath(), Optional.empty(), vars)));
        return KilnServer.start(runtime, ServerOptions.ephemeral("restart-test-admin-token"));
    }

    private String send(KilnServer server, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("authorization", "Bearer restart-admin-token").build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void stateAndHealthSurviveARestart() throws Exception {
        try (StubGateway gateway = new StubGateway("only")) {
            KilnServer first = start(gateway);
            send(first, "POST", "/heartbeat", "{\"agentId\":\"a1\",\"status\":\"ok\",\"gatewayStatus\":\"up\"}");
            send(first, "POST", "/gateway/incident", "{\"message\":\"gateway stuck\"}");
            gateway.mode = StubGateway.Mode.STATUS_503;
            send(first, "POST", "/v1/chat/completions", "{\"messages\":[]}");
            first.close(); // drains the waitUntil that persists gateway health

            KilnServer second = start(gateway);
            try {
                String state = send(second, "GET", "/state", "");
                assertThat(state).contains("\"agentId\":\"a1\"").contains("\"heartbeatCount\":1")
                        .contains("\"consecutiveFailures\":1").contains("\"totalFailures\":1");
                assertThat(send(second, "GET", "/gateway/incidents", "")).contains("gateway stuck");
            } finally {
                second.close();
            }
        }
    }
}

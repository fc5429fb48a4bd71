package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin listener: bearer token on every route, health, Prometheus metrics, the tail stream. */
class AdminTest {

    @TempDir
    static Path root;
    static KilnServer server;

    @BeforeAll
    static void start() throws Exception {
        Path worker = WorkerFixture.worker(root, "adm", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) {
                    ctx.console().log("handling", request.path(), "with key", env.var("API_KEY"));
                    if (request.path().equals("/fail")) throw new IllegalArgumentException("bad thing");
                    return Response.text("ok");
                }
                """, "");
        Files.writeString(worker.resolve(".dev.vars"), "API_KEY=\"s3cr3t-value\"\n");
        server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRouteNeedsTheToken() {
        for (String path : new String[] {"/healthz", "/metrics", "/workers", "/tail"}) {
            assertThat(Http.get(server.adminUrl() + path).statusCode()).as(path).isEqualTo(401);
            assertThat(Http.get(server.adminUrl() + path, "Authorization", "Bearer wrong-token-000000000").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void healthListsTheWorkers() {
        HttpResponse<String> r = Http.get(server.adminUrl() + "/healthz", "Authorization", "Bearer " + WorkerFixture.TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"ok\"").contains("\"name\":\"adm\"");
    }

    @Test
    void metricsCountRequestsByStatusClassWithCpuAndWallHistograms() {
        Http.get(server.url() + "/");
        Http.get(server.url() + "/fail");
        String metrics = Http.get(server.adminUrl() + "/metrics", "Authorization", "Bearer " + WorkerFixture.TOKEN).body();
        assertThat(metrics).containsPattern("kiln_requests_total\\{status=\"2xx\",worker=\"adm\"} [1-9]")
                .containsPattern("kiln_requests_total\\{status=\"5xx\",worker=\"adm\"} [1-9]")
                .contains("kiln_request_cpu_seconds_bucket{worker=\"adm\"")
                .contains("kiln_request_wall_seconds_bucket{worker=\"adm\"");
    }

    @Test
    void tailStreamsOutcomesLogsAndExceptionsWithSecretsRedacted() throws Exception {
        CopyOnWriteArrayList<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<java.io.InputStream> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.adminUrl() + "/tail"))
                .header("Authorization", "Bearer " + WorkerFixture.TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // closed at the end of the test
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("connected")));
        Http.get(server.url() + "/fail", "Authorization", "Bearer user-token");
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("\"outcome\":\"exception\"")));
        String event = lines.stream().filter(l -> l.contains("\"outcome\":\"exception\"")).findFirst().orElseThrow();
        assertThat(event).contains("\"worker\":\"adm\"").contains("\"status\":500").contains("handling /fail with key [REDACTED]")
                .contains("java.lang.IllegalArgumentException").contains("\"authorization\":\"[REDACTED]\"")
                .doesNotContain("s3cr3t-value").doesNotContain("user-token");
        reader.interrupt();
        r.body().close();
    }
}

package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.runtime.RuntimeOptions;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** waitUntil, graceful shutdown, reload on change, crons, service bindings, routing. */
class LifecycleTest {

    @TempDir
    Path root;

    @Test
    void waitUntilWorkRunsAfterTheResponseAndShutdownWaitsForIt() throws Exception {
        Path marker = root.resolve("marker.txt");
        Path worker = WorkerFixture.worker(root, "bg", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) {
                    ctx.waitUntil(() -> {
                        try { Thread.sleep(700); java.nio.file.Files.writeString(java.nio.file.Path.of(env.var("MARKER")), "done"); }
                        catch (Exception e) { throw new IllegalStateException(e); }
                    });
                    return Response.text("sent");
                }
                """, "[vars]\nMARKER = \"" + marker + "\"\n");
        KilnServer server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
        assertThat(Http.get(server.url() + "/").body()).isEqualTo("sent");
        assertThat(marker).doesNotExist();
        server.close();
        assertThat(marker).hasContent("done");
    }

    @Test
    void shutdownDrainsAnInFlightRequest() throws Exception {
        Path worker = WorkerFixture.worker(root, "slow", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) throws Exception {
                    Thread.sleep(800);
                    return Response.text("finished");
                }
                """, "");
        KilnServer server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
        CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> Http.get(server.url() + "/"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.runtime().inFlight() == 1);
        server.close();
        assertThat(pending.get().body()).isEqualTo("finished");
    }

    @Test
    void editedSourcesAreReloadedWithoutRestarting() throws Exception {
        Path worker = WorkerFixture.worker(root, "reload", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) { return Response.text("v1"); }
                """, "");
        RuntimeOptions options = WorkerFixture.options(root).withWatch(true);
        try (KilnServer server = WorkerFixture.serve(root, options, worker)) {
            assertThat(Http.get(server.url() + "/").body()).isEqualTo("v1");
            Path source = worker.resolve("src/main/java/test/Wreload.java");
            Files.writeString(source, Files.readString(source).replace("\"v1\"", "\"v2\""));
            await().atMost(Duration.ofSeconds(20)).until(() -> Http.get(server.url() + "/").body().equals("v2"));
            assertThat(server.runtime().workers().get(0).version()).isEqualTo(2);
            // A broken edit keeps the last good version serving.
            Files.writeString(source, "broken");
            server.runtime().reload(worker); // what the watcher does on the change, run here so the check follows it
            assertThat(Http.get(server.url() + "/").body()).isEqualTo("v2");
        }
    }

    @Test
    void scheduledHandlerGetsTheCronAndTime() throws Exception {
        Path marker = root.resolve("cron.txt");
        Path worker = WorkerFixture.worker(root, "cron", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) { return Response.text("x"); }
                public void scheduled(ScheduledController c, Env env, ExecutionContext ctx) throws Exception {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(env.var("MARKER")), c.cron() + "@" + c.scheduledTime().toEpochMilli());
                }
                """, "[triggers]\ncrons = [\"*/5 * * * *\"]\n[vars]\nMARKER = \"" + marker + "\"\n");
        try (KilnServer server = WorkerFixture.serve(root, WorkerFixture.options(root).withTestScheduled(true), worker)) {
            assertThat(server.runtime().fireScheduled("cron", "*/5 * * * *", Instant.ofEpochMilli(1_000))).isEmpty();
            assertThat(marker).hasContent("*/5 * * * *@1000");
            HttpResponse<String> r = Http.get(server.url() + "/cdn-cgi/handler/scheduled?cron=0+1+*+*+*&time=2000");
            assertThat(r.body()).isEqualTo("ok");
            assertThat(marker).hasContent("0 1 * * *@2000");
        }
    }

    @Test
    void aFailingScheduledRunIsReportedNotRetried() {
        Path worker = WorkerFixture.worker(root, "cronfail", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) { return Response.text("x"); }
                public void scheduled(ScheduledController c, Env env, ExecutionContext ctx) { throw new IllegalStateException("cron broke"); }
                """, "");
        try (KilnServer server = WorkerFixture.serve(root, WorkerFixture.options(root).withTestScheduled(true), worker)) {
            HttpResponse<String> r = Http.get(server.url() + "/__scheduled?cron=*+*+*+*+*&format=json");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("\"outcome\":\"exception\"").contains("cron broke");
        }
    }

    @Test
    void serviceBindingsCallAnotherWorkerInProcessAndRoutesPickWorkers() {
        Path front = WorkerFixture.worker(root, "front", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) {
                    Response back = env.service("BACK").fetch(Request.get("http://back/inner"));
                    return Response.text("front+" + back.text());
                }
                """, "[[services]]\nbinding = \"BACK\"\nservice = \"back\"\n");
        Path back = WorkerFixture.worker(root, "back", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) { return Response.text("back:" + request.path()); }
                """, "routes = [\"api.example.com/v2/*\"]\n");
        try (KilnServer server = WorkerFixture.serve(root, WorkerFixture.options(root), front, back)) {
            assertThat(Http.get(server.url() + "/").body()).isEqualTo("front+back:/inner");
            assertThat(Http.get(server.url() + "/", "Host", "back.localhost").body()).isEqualTo("back:/");
            assertThat(Http.get(server.url() + "/v2/items", "Host", "api.example.com").body()).isEqualTo("back:/v2/items");
            assertThat(Http.get(server.url() + "/v1/items", "Host", "api.example.com").body()).isEqualTo("front+back:/inner");
        }
    }
}

package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients at once: every request answered correctly, counted once, and nothing left in flight. */
class ConcurrencyTest {

    @TempDir
    Path root;

    @Test
    void sixtyFourClientsGetTheirOwnAnswersAndMetricsCountEveryRequest() throws Exception {
        Path worker = WorkerFixture.worker(root, "conc", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) throws Exception {
                    String id = request.queryParam("id").orElseThrow();
                    if (id.hashCode() % 3 == 0) Thread.sleep(1); // some requests block, so virtual threads interleave
                    return Response.text(id);
                }
                """, "");
        int clients = 64;
        int perClient = 50;
        try (KilnServer server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit((Callable<Integer>) () -> {
                    int ok = 0;
                    for (int i = 0; i < perClient; i++) {
                        String id = client + "-" + i;
                        HttpResponse<String> r = Http.get(server.url() + "/?id=" + id);
                        if (r.statusCode() == 200 && r.body().equals(id)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            assertThat(total).isEqualTo(clients * perClient);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.runtime().inFlight() == 0);
            assertThat(server.runtime().scrapeMetrics())
                    .contains("kiln_requests_total{status=\"2xx\",worker=\"conc\"} " + (clients * perClient) + ".0");
        }
    }
}

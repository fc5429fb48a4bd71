package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limiting through real workers on a real server (bindings.md §7): the {@code [[ratelimits]]} form and the
 * legacy {@code [[unsafe.bindings]]} form, sharing one namespace's counters, exact under concurrent requests.
 */
class RateLimitWorkerTest {

    private static final String LIMITED_WORKER = """
            public Response fetch(Request request, Env env, ExecutionContext ctx) {
                String key = request.queryParam("key").orElseThrow();
                return env.binding("LIMITER", RateLimiter.class).limit(key).success()
                        ? Response.text("ok")
                        : Response.text(429, "rate limit exceeded for " + key);
            }
            """;

    @TempDir
    static Path root;
    static KilnServer server;

    @BeforeAll
    static void start() {
        Path api = WorkerFixture.worker(root, "api", LIMITED_WORKER, """
                [[ratelimits]]
                name = "LIMITER"
                namespace_id = "1001"
                simple = { limit = 100, period = 60 }
                """);
        Path legacy = WorkerFixture.worker(root, "legacy", LIMITED_WORKER, """
                [[unsafe.bindings]]
                name = "LIMITER"
                type = "ratelimit"
                namespace_id = 1001
                simple = { limit = 100, period = 60 }
                """);
        server = WorkerFixture.serve(root, WorkerFixture.options(root), api, legacy);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends {@code count} requests at once; returns how many got each status. */
    private static Map<Integer, Long> concurrently(int count, String host, String key) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                responses.add(pool.submit(() -> {
                    go.await();
                    return Http.get(server.url() + "/?key=" + key, "Host", host);
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> r : responses) {
                statuses.add(r.get().statusCode());
            }
            return statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        }
    }

    @Test
    void ofOneHundredFiftyConcurrentRequestsExactlyTheLimitPass() throws Exception {
        assertThat(concurrently(150, "api.localhost", "hot")).containsExactlyInAnyOrderEntriesOf(Map.of(200, 100L, 429, 50L));
        HttpResponse<String> next = Http.get(server.url() + "/?key=hot", "Host", "api.localhost");
        assertThat(next.statusCode()).isEqualTo(429);
        assertThat(next.body()).isEqualTo("rate limit exceeded for hot");
        assertThat(Http.get(server.url() + "/?key=cold", "Host", "api.localhost").statusCode()).as("another key").isEqualTo(200);
    }

    @Test
    void theLegacyUnsafeFormLimitsToo() throws Exception {
        assertThat(concurrently(150, "legacy.localhost", "legacy-hot")).containsExactlyInAnyOrderEntriesOf(Map.of(200, 100L, 429, 50L));
    }

    @Test
    void workersBindingOneNamespaceShareItsCounters() throws Exception {
        assertThat(concurrently(60, "api.localhost", "shared")).containsExactlyEntriesOf(Map.of(200, 60L));
        assertThat(concurrently(60, "legacy.localhost", "shared")).containsExactlyInAnyOrderEntriesOf(Map.of(200, 40L, 429, 20L));
    }
}

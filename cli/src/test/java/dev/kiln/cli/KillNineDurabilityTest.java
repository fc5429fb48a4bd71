package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable means durable: every KV write Kiln acknowledged survives {@code kill -9} of the process. Kiln runs
 * in a child JVM, takes concurrent writes, is killed mid-load, restarted on the same state directory, and
 * every acknowledged key is read back.
 */
class KillNineDurabilityTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyAcknowledgedKvWriteSurvivesKillNine() throws Exception {
        Path worker = KilnDevProcess.workerProject(dir.resolve("writer"), """
                name = "writer"
                main = "w.Writer"
                compatibility_date = "2026-11-01"
                [[kv_namespaces]]
                binding = "KV"
                id = "durable"
                """, "Writer", """
                package w;
                import dev.kiln.api.*;
                public final class Writer implements Worker {
                    public Response fetch(Request request, Env env, ExecutionContext ctx) {
                        String key = request.queryParam("k").orElseThrow();
                        if (request.method().equals("PUT")) {
                            env.kv("KV").put(key, "value-" + key);
                            return Response.text("stored");
                        }
                        return env.kv("KV").get(key).map(Response::text).orElseGet(() -> Response.text(404, "missing"));
                    }
                }
                """);
        Path state = dir.resolve("state");

        Set<String> acknowledged;
        try (KilnDevProcess first = KilnDevProcess.start(worker, state)) {
            acknowledged = putKeysUntilKilled(first, http, Duration.ofSeconds(20));
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

        try (KilnDevProcess second = KilnDevProcess.start(worker, state)) {
            assertThat(lostKeys(second.url(), http, acknowledged)).as("acknowledged writes lost after kill -9").isEmpty();
        }
    }

    /**
     * PUTs {@code /?k=KEY} from 16 clients until 300 are acknowledged ("stored"), then kills the server mid-load.
     *
     * @return the acknowledged keys
     */
    static Set<String> putKeysUntilKilled(KilnDevProcess server, HttpClient http, Duration atMost) throws InterruptedException {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        server.killNineUnderLoad(16, atMost, () -> acknowledged.size() >= 300, (writer, i) -> {
            String key = writer + "-" + i;
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/?k=" + key))
                    .PUT(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().equals("stored")) {
                acknowledged.add(key);
            }
        });
        return acknowledged;
    }

    /** @return the keys for which {@code GET /?k=KEY} no longer answers {@code value-KEY} */
    static List<String> lostKeys(String url, HttpClient http, Set<String> keys) throws IOException, InterruptedException {
        List<String> lost = new ArrayList<>();
        for (String key : keys) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/?k=" + key)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (!r.body().equals("value-" + key)) {
                lost.add(key);
            }
        }
        return lost;
    }
}

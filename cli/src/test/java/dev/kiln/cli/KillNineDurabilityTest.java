package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
        Path worker = dir.resolve("writer");
        Files.createDirectories(worker.resolve("src/main/java/w"));
        Files.writeString(worker.resolve("wrangler.toml"), """
                name = "writer"
                main = "w.Writer"
                compatibility_date = "2026-11-01"
                [[kv_namespaces]]
                binding = "KV"
                id = "durable"
                """);
        Files.writeString(worker.resolve("src/main/java/w/Writer.java"), """
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

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (KilnDevProcess first = KilnDevProcess.start(worker, state)) {
            first.killNineUnderLoad(16, Duration.ofSeconds(20), () -> acknowledged.size() >= 300, (writer, i) -> {
                String key = writer + "-" + i;
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(first.url() + "/?k=" + key))
                        .PUT(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().equals("stored")) {
                    acknowledged.add(key);
                }
            });
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

        try (KilnDevProcess second = KilnDevProcess.start(worker, state)) {
            List<String> lost = new ArrayList<>();
            for (String key : acknowledged) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(second.url() + "/?k=" + key)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!r.body().equals("value-" + key)) {
                    lost.add(key);
                }
            }
            assertThat(lost).as("acknowledged writes lost after kill -9").isEmpty();
        }
    }
}

package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

        Process first = start(worker, state);
        String url = awaitReady(first);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 16; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String key = writer + "-" + i;
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/?k=" + key))
                                    .PUT(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().equals("stored")) {
                                acknowledged.add(key);
                            }
                        } catch (IOException | InterruptedException e) {
                            return; // the server was killed
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 300);
            first.destroyForcibly(); // SIGKILL, mid-load: no shutdown hook runs
            first.waitFor(10, TimeUnit.SECONDS);
            stop.set(true);
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

        Process second = start(worker, state);
        try {
            String again = awaitReady(second);
            List<String> lost = new ArrayList<>();
            for (String key : acknowledged) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(again + "/?k=" + key)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!r.body().equals("value-" + key)) {
                    lost.add(key);
                }
            }
            assertThat(lost).as("acknowledged writes lost after kill -9").isEmpty();
        } finally {
            second.destroyForcibly();
            second.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static Process start(Path worker, Path state) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "dev", worker.toString(), "--ip", "127.0.0.1", "--port", "0",
                "--persist-to", state.toString(), "--no-watch")
                .redirectErrorStream(true).start();
    }

    /** @return the worker URL once the child prints "Ready on" */
    static String awaitReady(Process process) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
            seen.append(line).append('\n');
            int at = line.indexOf("Ready on ");
            if (at >= 0) {
                Thread.ofVirtual().start(() -> drain(lines));
                return line.substring(at + "Ready on ".length()).trim();
            }
        }
        throw new IllegalStateException("kiln dev exited before it was ready:\n" + seen);
    }

    private static void drain(BufferedReader lines) {
        try {
            while (lines.readLine() != null) {
                // keep the child's output pipe from filling up
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }
}

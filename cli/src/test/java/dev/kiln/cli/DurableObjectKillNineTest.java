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
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable Object output gate under {@code kill -9}: examples/counter runs in a child JVM, 16 clients increment one
 * shared counter (their increments share commits) and one counter each, the process is killed mid-load, and after a
 * restart on the same state directory no counter is below the highest value it acknowledged.
 */
class DurableObjectKillNineTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void noAcknowledgedIncrementIsLostToKillNine() throws Exception {
        Path worker = Path.of("..", "examples", "counter").toAbsolutePath().normalize();
        Path state = dir.resolve("state");
        Process first = start(worker, state);
        String url = awaitReady(first);
        AtomicLong sharedAcknowledged = new AtomicLong();
        ConcurrentHashMap<String, Long> ownAcknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 16; c++) {
                String own = "own-" + c;
                clients.submit(() -> {
                    while (!stop.get()) {
                        try {
                            sharedAcknowledged.accumulateAndGet(increment(url, "shared"), Math::max);
                            ownAcknowledged.merge(own, increment(url, own), Math::max);
                        } catch (IOException | InterruptedException | NumberFormatException e) {
                            return; // the server was killed
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> sharedAcknowledged.get() >= 300);
            first.destroyForcibly(); // SIGKILL, mid-load: no shutdown hook runs
            first.waitFor(10, TimeUnit.SECONDS);
            stop.set(true);
        }

        Process second = start(worker, state);
        try {
            String again = awaitReady(second);
            assertThat(value(again, "shared")).as("shared counter after kill -9").isGreaterThanOrEqualTo(sharedAcknowledged.get());
            for (var e : ownAcknowledged.entrySet()) {
                assertThat(value(again, e.getKey())).as(e.getKey() + " after kill -9").isGreaterThanOrEqualTo(e.getValue());
            }
        } finally {
            second.destroyForcibly();
            second.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private long increment(String url, String name) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/counter/" + name + "/increment"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("status " + r.statusCode() + ": " + r.body());
        }
        return Long.parseLong(r.body());
    }

    private long value(String url, String name) throws IOException, InterruptedException {
        return Long.parseLong(http.send(HttpRequest.newBuilder(URI.create(url + "/counter/" + name)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static Process start(Path worker, Path state) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "dev", worker.toString(), "--ip", "127.0.0.1", "--port", "0",
                "--persist-to", state.toString(), "--no-watch")
                .redirectErrorStream(true).start();
    }

    /** @return the worker URL once the child prints "Ready on" */
    private static String awaitReady(Process process) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
            seen.append(line).append('\n');
            int at = line.indexOf("Ready on ");
            if (at >= 0) {
                Thread.ofVirtual().start(() -> {
                    try {
                        while (lines.readLine() != null) {
                            // keep the child's output pipe from filling up
                        }
                    } catch (IOException ignored) {
                        // the child is gone
                    }
                });
                return line.substring(at + "Ready on ".length()).trim();
            }
        }
        throw new IllegalStateException("kiln dev exited before it was ready:\n" + seen);
    }
}

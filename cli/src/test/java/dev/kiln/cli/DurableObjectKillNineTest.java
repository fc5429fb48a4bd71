package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
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
        AtomicLong sharedAcknowledged = new AtomicLong();
        ConcurrentHashMap<String, Long> ownAcknowledged = new ConcurrentHashMap<>();
        try (KilnDevProcess first = KilnDevProcess.start(worker, state)) {
            first.killNineUnderLoad(16, Duration.ofSeconds(30), () -> sharedAcknowledged.get() >= 300, (client, i) -> {
                sharedAcknowledged.accumulateAndGet(increment(first.url(), "shared"), Math::max);
                ownAcknowledged.merge("own-" + client, increment(first.url(), "own-" + client), Math::max);
            });
        }

        try (KilnDevProcess second = KilnDevProcess.start(worker, state)) {
            String again = second.url();
            assertThat(value(again, "shared")).as("shared counter after kill -9").isGreaterThanOrEqualTo(sharedAcknowledged.get());
            for (var e : ownAcknowledged.entrySet()) {
                assertThat(value(again, e.getKey())).as(e.getKey() + " after kill -9").isGreaterThanOrEqualTo(e.getValue());
            }
        }
    }

    private long increment(String url, String name) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/counter/" + name + "/increment"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("status " + r.statusCode() + ": " + r.body());
        }
        try {
            return Long.parseLong(r.body());
        } catch (NumberFormatException e) {
            throw new IOException("not a count: " + r.body(), e);
        }
    }

    private long value(String url, String name) throws IOException, InterruptedException {
        return Long.parseLong(http.send(HttpRequest.newBuilder(URI.create(url + "/counter/" + name)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}

package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.md §6: a worker's secret values never reach the log, whoever writes the line (here: Kiln, logging an exception). */
class LogRedactionTest {

    private static final String SECRET = "sk-live-5f1c0ffee0ddba11";

    @TempDir
    Path dir;

    @Test
    void aSecretInAnExceptionMessageIsRedactedInTheLog() throws Exception {
        Path worker = KilnDevProcess.workerProject(dir.resolve("leaky"), """
                name = "leaky"
                main = "w.Leaky"
                compatibility_date = "2026-11-01"
                """, "Leaky", """
                package w;
                import dev.kiln.api.*;
                public final class Leaky implements Worker {
                    public Response fetch(Request request, Env env, ExecutionContext ctx) {
                        throw new IllegalStateException("upstream refused key " + env.var("API_KEY"));
                    }
                }
                """);
        Files.writeString(worker.resolve(".dev.vars"), "API_KEY=" + SECRET + "\n");
        try (KilnDevProcess kiln = KilnDevProcess.start(worker, dir.resolve("state"))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kiln.url() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(500);
            await().atMost(Duration.ofSeconds(10)).until(() -> kiln.output().contains("upstream refused key"));
            assertThat(kiln.output()).contains("IllegalStateException: upstream refused key [REDACTED]").doesNotContain(SECRET);
        }
    }
}

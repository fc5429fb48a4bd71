package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln dev} and {@code kiln tail} in-process against the hello example. */
class DevCommandTest {

    private static final Path HELLO = Path.of("../examples/hello").toAbsolutePath().normalize();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path state;

    @Test
    void servesTheWorkerPrintsItsStateDirectoryAndTailSeesRequests() throws Exception {
        StringWriter devOut = new StringWriter();
        Thread dev = Thread.ofVirtual().start(() -> {
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(devOut, true));
            cli.execute("dev", HELLO.toString(), "--ip", "127.0.0.1", "--port", "0", "--persist-to", state.toString(),
                    "--var", "GREETING=Hi from the CLI", "--no-watch");
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> devOut.toString().contains("Ready on"));
        assertThat(devOut.toString()).contains("State directory: " + state)
                .contains("admin token generated and stored in " + state.resolve("admin-token"))
                .doesNotContain(Files.readString(state.resolve("admin-token")).strip());
        Matcher ready = Pattern.compile("Ready on (http://\\S+)").matcher(devOut.toString());
        assertThat(ready.find()).isTrue();
        String url = ready.group(1);

        StringWriter tailOut = new StringWriter();
        Thread tail = Thread.ofVirtual().start(() -> {
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(tailOut, true));
            cli.setErr(new PrintWriter(new StringWriter(), true));
            cli.execute("tail", "--persist-to", state.toString(), "--format", "json", "--method", "GET");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(state.resolve("admin-url")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("Hi from the CLI");
            assertThat(tailOut.toString()).contains("\"worker\":\"hello\"").contains("\"status\":200");
        });

        dev.interrupt();
        dev.join(Duration.ofSeconds(30));
        tail.join(Duration.ofSeconds(30));
        assertThat(dev.isAlive()).isFalse();
        assertThat(tail.isAlive()).as("tail ends when the server goes away").isFalse();
    }

    @Test
    void tailWithoutARunningKilnSaysSo() {
        CliRun run = CliRun.run("tail", "--persist-to", state.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no running Kiln found");
    }
}

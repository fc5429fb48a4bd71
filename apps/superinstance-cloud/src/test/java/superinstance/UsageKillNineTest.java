package superinstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.Json;
import dev.kiln.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage is never lost, even to a kill -9 right after the response: {@code kiln dev} serves the app in a child
 * JVM, which stalls after answering (the {@code usage.before-record} fail point) and is killed with SIGKILL
 * before the usage reaches the ledger. Restarted on the same state directory, the cron (fired by hand, and on
 * its own each minute) replays the outbox and each request is billed exactly once, however often it runs.
 */
class UsageKillNineTest {

    private static final StubProviders PROVIDERS = AppTest.PROVIDERS;
    private static final long EXAMPLE_MICROS = 10_815;
    private static final String CRON = "/__scheduled?cron=*%20*%20*%20*%20*";

    @TempDir
    Path state;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        killNine();
    }

    @Test
    void usageAnsweredJustBeforeAKillNineIsBilledExactlyOnceAfterTheRestart() throws Exception {
        cli("d1", "migrations", "apply", "superinstance", "-y");
        String url = start("FAILPOINTS=usage.before-record=2");
        String key = createKey(url, "killed");
        // The app's cron runs at each minute's start: the answers and the kill happen within one minute, so
        // only the outbox can bring this usage to the ledger.
        await().atMost(Duration.ofSeconds(70)).until(() -> LocalTime.now(ZoneOffset.UTC).getSecond() < 30);
        int minute = LocalTime.now(ZoneOffset.UTC).getMinute();

        HttpResponse<String> whole = post(url, "/v1/escalate", key, Map.of("request_id", "k-whole", "query", "What is 2+2?"));
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        HttpResponse<String> streamed = post(url, "/v1/stream", key, Map.of("request_id", "k-stream", "query", "Say hello"));
        assertThat(streamed.body()).contains("event: done");
        killNine();
        assertThat(LocalTime.now(ZoneOffset.UTC).getMinute()).as("no cron ran between the answers and the kill").isEqualTo(minute);

        // Answered, never recorded in the ledger: both requests wait in the outbox, written before the answers.
        assertThat(cliD1("SELECT request_id FROM usage_outbox ORDER BY request_id"))
                .extracting(row -> row.get("request_id")).containsExactly("k-stream", "k-whole");

        String again = start();
        long streamMicros = billedMicros(streamed.body());
        for (int run = 0; run < 3; run++) {
            assertThat(get(again, CRON, null).statusCode()).isLessThan(300);
        }
        assertThat(balanceMicros(again, key)).isEqualTo(-(EXAMPLE_MICROS + streamMicros));
        assertThat(cliD1("SELECT * FROM usage_outbox")).isEmpty();
        HttpResponse<String> reused = post(again, "/v1/escalate", key, Map.of("request_id", "k-whole", "query", "What is 2+2?"));
        assertThat(reused.statusCode()).as("a billed request id is not served again").isEqualTo(409);
    }

    @Test
    void withoutAStallTheOutboxEmptiesAfterTheResponseAndTheCronAddsNothing() throws Exception {
        cli("d1", "migrations", "apply", "superinstance", "-y");
        String url = start();
        String key = createKey(url, "calm");
        assertThat(post(url, "/v1/escalate", key, Map.of("request_id", "c1", "query", "What is 2+2?")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> balanceMicros(url, key) == -EXAMPLE_MICROS);
        await().atMost(Duration.ofSeconds(20)).until(() -> cliD1("SELECT * FROM usage_outbox").isEmpty());
        assertThat(get(url, CRON, null).statusCode()).isLessThan(300);
        assertThat(balanceMicros(url, key)).isEqualTo(-EXAMPLE_MICROS);
    }

    /** Starts {@code kiln dev} for the app in a child JVM on this test's state directory; returns its URL. */
    private String start(String... vars) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "dev", ".", "--ip", "127.0.0.1", "--port", "0", "--persist-to", state.toString(), "--no-watch", "--test-scheduled",
                "--var", "ANTHROPIC_BASE_URL=" + PROVIDERS.anthropicUrl(), "--var", "OPENAI_BASE_URL=" + PROVIDERS.openAiUrl(),
                "--var", "ANTHROPIC_API_KEY=sk-ant-test", "--var", "OPENAI_API_KEY=sk-openai-test", "--var", "ADMIN_TOKEN=" + AppTest.ADMIN));
        for (String var : vars) {
            command.add("--var");
            command.add(var);
        }
        child = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
            seen.append(line).append('\n');
            int at = line.indexOf("Ready on ");
            if (at >= 0) {
                Thread.ofVirtual().start(() -> lines.lines().forEach(l -> { })); // keeps the child's pipe from filling
                return line.substring(at + "Ready on ".length()).trim();
            }
        }
        throw new IllegalStateException("kiln dev exited before it was ready:\n" + seen);
    }

    /** SIGKILL: no shutdown hook runs. */
    private void killNine() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            child = null;
        }
    }

    /** Runs a kiln command in this JVM on the state directory (the child is down or shares the files safely). */
    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> full = new ArrayList<>(List.of(args));
        full.addAll(List.of("--persist-to", state.toString(), "-c", "wrangler.toml"));
        assertThat(cli.execute(full.toArray(String[]::new))).as("kiln %s: %s", full, err).isZero();
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> cliD1(String sql) {
        List<Object> results = Json.parse(cli("d1", "execute", "superinstance", "--command", sql, "--json"), List.class);
        return (List<Map<String, Object>>) ((Map<String, Object>) results.getFirst()).get("results");
    }

    private String createKey(String url, String userId) throws Exception {
        HttpResponse<String> r = post(url, "/admin/api-keys", AppTest.ADMIN, Map.of("user_id", userId));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return (String) Json.parse(r.body(), Map.class).get("key");
    }

    private long balanceMicros(String url, String key) throws Exception {
        HttpResponse<String> r = get(url, "/v1/balance", key);
        return ((Number) Json.parse(r.body(), Map.class).get("balance_micro_usd")).longValue();
    }

    /** The billed amount in the stream's {@code done} event. */
    @SuppressWarnings("unchecked")
    private static long billedMicros(String events) {
        String done = events.substring(events.indexOf("event: done"));
        String data = done.substring(done.indexOf("data: ") + "data: ".length(), done.indexOf('\n', done.indexOf("data: ")));
        Map<String, Object> cost = (Map<String, Object>) Json.parse(data, Map.class).get("cost");
        return Money.parseUsd(String.valueOf(cost.get("billed_usd")));
    }

    private HttpResponse<String> post(String url, String path, String bearer, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("authorization", "Bearer " + bearer)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.stringify(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path));
        if (bearer != null) {
            request.header("authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

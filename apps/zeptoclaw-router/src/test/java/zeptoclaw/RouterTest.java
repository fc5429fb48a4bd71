package zeptoclaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The router end to end: real HTTP from a client, through Kiln, to two real stub gateways. */
class RouterTest {

    static final StubGateway PRIMARY = start("primary");
    static final StubGateway SECONDARY = start("secondary");
    static final String ADMIN = "admin-token-for-tests";
    static final String CLIENT_KEY = "sk-client-1";

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml")
            .var("ZEPTOCLAW_GATEWAY_URLS", PRIMARY.url() + "," + SECONDARY.url())
            .var("ZEPTOCLAW_UPSTREAM_TIMEOUT_MS", "700")
            .var("ZEPTOCLAW_HEARTBEAT_TIMEOUT_SECONDS", "1")
            .var("ZEPTOCLAW_API_KEY", "sk-upstream")
            .var("ZEPTOCLAW_CLIENT_KEYS", CLIENT_KEY + ",sk-client-2")
            .var("ZEPTOCLAW_ADMIN_TOKEN", ADMIN)
            .var("ZEPTOCLAW_PROBE_INTERVAL_SECONDS", "0");

    private final HttpClient http = HttpClient.newHttpClient();

    static StubGateway start(String name) {
        try {
            return new StubGateway(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    @AfterEach
    void resetStubs() {
        for (StubGateway g : new StubGateway[] {PRIMARY, SECONDARY}) {
            g.mode = StubGateway.Mode.OK;
            g.completions.set(0);
            g.bodies.clear();
            g.authorizations.clear();
            g.streamGate = new CountDownLatch(0);
        }
    }

    private Response chat(String body) {
        return kiln.fetch(Request.builder(kiln.url() + "/v1/chat/completions").method("POST")
                .header("authorization", "Bearer " + CLIENT_KEY).header("content-type", "application/json").body(body).build());
    }

    private Response admin(String method, String path, String body) {
        return kiln.fetch(Request.builder(kiln.url() + path).method(method)
                .header("authorization", "Bearer " + ADMIN).body(body).build());
    }

    static final String HELLO = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}";

    @Test
    void forwardsTheBodyIntactToTheFirstGatewayWithTheUpstreamKeyAndRouterMetadata() {
        Response r = chat(HELLO);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("hello from primary");
        assertThat(PRIMARY.bodies).containsExactly(HELLO);
        assertThat(PRIMARY.authorizations).containsExactly("Bearer sk-upstream");
        assertThat(r.header("x-zeptoclaw-gateway")).hasValue(PRIMARY.url());
        assertThat(r.header("x-zeptoclaw-attempts")).hasValue("1");
        assertThat(r.header("x-zeptoclaw-latency-ms")).isPresent();
    }

    @Test
    void streamsChunksToTheClientBeforeTheUpstreamHasFinished() throws Exception {
        PRIMARY.streamGate = new CountDownLatch(1);
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(kiln.url() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + CLIENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            // The stub holds its second chunk until the gate opens: the first must already be here.
            assertThat(lines.readLine()).contains("\"content\":\"Hel\"");
            PRIMARY.streamGate.countDown();
            StringBuilder rest = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest.toString()).contains("\"content\":\"lo\"").contains("\"usage\":{\"total_tokens\":5}").contains("data: [DONE]");
        }
    }

    @Test
    void failsOverOn503AndOn429() {
        PRIMARY.mode = StubGateway.Mode.STATUS_503;
        Response r = chat(HELLO);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("hello from secondary");
        assertThat(r.header("x-zeptoclaw-attempts")).hasValue("2");
        kiln.fetch(Request.builder(kiln.url() + "/health/reset").method("POST").header("authorization", "Bearer " + ADMIN).build());
        PRIMARY.mode = StubGateway.Mode.STATUS_429;
        assertThat(chat(HELLO).text()).contains("hello from secondary");
    }

    @Test
    void failsOverOnADroppedConnection() {
        PRIMARY.mode = StubGateway.Mode.DROP;
        Response r = chat(HELLO);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("hello from secondary");
    }

    @Test
    void failsOverWhenTheFirstByteDoesNotArriveInTime() {
        PRIMARY.mode = StubGateway.Mode.HANG;
        long start = System.nanoTime();
        Response r = chat(HELLO);
        assertThat(r.text()).contains("hello from secondary");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
    }

    @Test
    void doesNotFailOverOnAClientError() {
        PRIMARY.mode = StubGateway.Mode.STATUS_400;
        Response r = chat(HELLO);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("bad model");
        assertThat(SECONDARY.completions.get()).isZero();
    }

    @Test
    void malformedJsonFromTheClientIsAnOpenAiShaped400() {
        Response r = chat("{not json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("\"type\":\"invalid_request_error\"").contains("\"code\":\"invalid_json\"");
        assertThat(PRIMARY.completions.get() + SECONDARY.completions.get()).isZero();
    }

    @Test
    void allGatewaysDownIsAPromptOpenAiShapedError() {
        PRIMARY.mode = StubGateway.Mode.STATUS_503;
        SECONDARY.mode = StubGateway.Mode.STATUS_503;
        long start = System.nanoTime();
        Response r = chat(HELLO);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.text()).contains("\"code\":\"gateways_unavailable\"").contains("All 2 gateways failed");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        PRIMARY.mode = StubGateway.Mode.HANG;
        SECONDARY.mode = StubGateway.Mode.HANG;
        assertThat(chat(HELLO).status()).isEqualTo(504);
    }

    @Test
    void backoffGrowsWithFailuresAndOneSuccessRecovers() {
        PRIMARY.mode = StubGateway.Mode.STATUS_503;
        chat(HELLO);
        String first = kiln.fetch("/health").text();
        assertThat(first).contains("\"status\":\"degraded\"").contains("\"consecutiveFailures\":1");
        // While cooling down the primary is skipped: it is not asked again.
        int asked = PRIMARY.completions.get();
        chat(HELLO);
        assertThat(PRIMARY.completions.get()).isEqualTo(asked);
        // Both down: both are tried anyway, soonest recovery first; the primary's failures keep counting.
        SECONDARY.mode = StubGateway.Mode.STATUS_503;
        chat(HELLO);
        assertThat(kiln.fetch("/health").text()).contains("\"status\":\"down\"").contains("\"consecutiveFailures\":2");
        assertThat(Gateway.backoffMs(1)).isEqualTo(5_000);
        assertThat(Gateway.backoffMs(2)).isEqualTo(10_000);
        assertThat(Gateway.backoffMs(3)).isEqualTo(20_000);
        assertThat(Gateway.backoffMs(20)).isEqualTo(300_000);
        // Recovery: a success resets the gateway.
        PRIMARY.mode = StubGateway.Mode.OK;
        SECONDARY.mode = StubGateway.Mode.OK;
        assertThat(chat(HELLO).status()).isEqualTo(200);
        assertThat(kiln.fetch("/health").text()).contains("\"status\":\"degraded\"");
        admin("POST", "/health/reset", "");
        assertThat(kiln.fetch("/health").text()).contains("\"status\":\"ok\"");
    }

    @Test
    void modelsAreTheUnionOfTheGatewaysAndServedFromCacheWhenOneIsDown() {
        Response r = kiln.fetch(Request.builder(kiln.url() + "/v1/models").header("authorization", "Bearer " + CLIENT_KEY).build());
        assertThat(r.text()).contains("\"object\":\"list\"").contains("primary-model").contains("secondary-model");
        assertThat(r.text().split("shared-model", -1)).hasSize(2); // listed once
        PRIMARY.mode = StubGateway.Mode.STATUS_503;
        Response cached = kiln.fetch(Request.builder(kiln.url() + "/v1/models").header("authorization", "Bearer " + CLIENT_KEY).build());
        assertThat(cached.text()).contains("primary-model");
    }

    @Test
    void clientKeysAreRequiredOnV1() {
        Response none = kiln.fetch(Request.builder(kiln.url() + "/v1/chat/completions").method("POST").body(HELLO).build());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.text()).contains("\"code\":\"invalid_api_key\"");
        Response wrong = kiln.fetch(Request.builder(kiln.url() + "/v1/models").header("authorization", "Bearer nope").build());
        assertThat(wrong.status()).isEqualTo(401);
        Response second = kiln.fetch(Request.builder(kiln.url() + "/v1/models").header("authorization", "Bearer sk-client-2").build());
        assertThat(second.status()).isEqualTo(200);
    }

    @Test
    void adminEndpointsNeedTheAdminToken() {
        for (String[] call : new String[][] {{"POST", "/heartbeat"}, {"POST", "/state/reset"}, {"POST", "/gateway/incident"},
                {"DELETE", "/gateway/incidents"}, {"POST", "/health/reset"}}) {
            Response r = kiln.fetch(Request.builder(kiln.url() + call[1]).method(call[0]).header("authorization", "Bearer wrong").body("{}").build());
            assertThat(r.status()).as(call[0] + " " + call[1]).isEqualTo(401);
        }
    }

    @Test
    void heartbeatHistoryKeepsTheLastHundred() {
        for (int i = 0; i < 105; i++) {
            assertThat(admin("POST", "/heartbeat", "{\"agentId\":\"a1\",\"status\":\"ok\",\"gatewayStatus\":\"up\",\"metadata\":{\"n\":" + i + "}}")
                    .status()).isEqualTo(200);
        }
        String state = kiln.fetch("/state").text();
        assertThat(state).contains("\"heartbeatCount\":100").contains("\"n\":104").doesNotContain("\"n\":4}");
        assertThat(state).contains("\"agentStatus\":\"up\"");
        assertThat(admin("POST", "/heartbeat", "{\"status\":\"ok\"}").status()).isEqualTo(400);
    }

    @Test
    void aMissedHeartbeatIsADowntimeFoundByTheCronAndClosedByTheNextHeartbeat() {
        admin("POST", "/heartbeat", "{\"agentId\":\"a1\",\"status\":\"ok\"}");
        // Correct at read time, before any cron ran:
        await().atMost(Duration.ofSeconds(5)).until(() -> kiln.fetch("/state").text().contains("\"agentStatus\":\"down\""));
        assertThat(kiln.fetch("/__scheduled?cron=*+*+*+*+*").status()).isEqualTo(200);
        String recorded = kiln.fetch("/state").text();
        assertThat(recorded).contains("\"detectedAt\"").contains("\"endedAt\":null");
        String recovery = admin("POST", "/heartbeat", "{\"agentId\":\"a1\",\"status\":\"ok\"}").text();
        assertThat(recovery).contains("\"recovered\"").contains("\"durationMs\"");
        assertThat(kiln.fetch("/state").text()).contains("\"agentStatus\":\"up\"").doesNotContain("\"endedAt\":null");
    }

    @Test
    void incidentsKeepTheLastFiftyNewestFirst() {
        for (int i = 0; i < 55; i++) {
            assertThat(admin("POST", "/gateway/incident", "{\"gateway\":\"g\",\"type\":\"stuck\",\"message\":\"m" + i + "\"}").status()).isEqualTo(201);
        }
        String list = kiln.fetch("/gateway/incidents").text();
        assertThat(list.indexOf("\"m54\"")).isLessThan(list.indexOf("\"m53\""));
        assertThat(list).doesNotContain("\"m4\"").contains("\"m5\"");
        assertThat(admin("DELETE", "/gateway/incidents", "").status()).isEqualTo(200);
        assertThat(kiln.fetch("/gateway/incidents").text()).isEqualTo("{\"incidents\":[]}");
    }
}

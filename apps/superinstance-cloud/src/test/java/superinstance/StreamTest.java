package superinstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.Json;
import dev.kiln.testing.KilnExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/stream}: a real relay of each provider's stream, and what a client that leaves is billed. */
class StreamTest extends AppTest {

    @RegisterExtension
    final KilnExtension kiln = app();

    @Override
    KilnExtension kiln() {
        return kiln;
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<InputStream> stream(String key, String requestId, String model) throws Exception {
        String body = Json.stringify(Map.of("request_id", requestId, "query", "Say hello", "model_preference", model));
        return http.send(HttpRequest.newBuilder(URI.create(kiln.url() + "/v1/stream")).header("authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "gpt-4"})
    void deltasReachTheClientBeforeTheProviderFinishesThenDoneCarriesUsageAndCost(String model) throws Exception {
        String key = createKey("alice");
        PROVIDERS.streamGate = new CountDownLatch(1);
        HttpResponse<InputStream> r = stream(key, "s-" + model, model);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            // The provider holds the rest of its answer until the gate opens: the first delta is here already.
            assertThat(lines.readLine()).isEqualTo("event: delta");
            assertThat(lines.readLine()).isEqualTo("data: {\"text\":\"Hel\"}");
            PROVIDERS.streamGate.countDown();
            StringBuilder rest = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest.toString()).contains("event: delta\ndata: {\"text\":\"lo\"}").contains("event: done")
                    .contains("\"usage\":{\"input_tokens\":1000,\"output_tokens\":500}");
            if (model.equals("claude")) {
                assertThat(rest.toString()).contains("\"billed_usd\":0.010815");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !json(send("GET", "/v1/balance", key, null)).get("billed_usd").equals(0));
    }

    @Test
    void aClientThatLeavesStopsTheProviderCallAndIsBilledWhatTheProviderReported() throws Exception {
        String key = createKey("alice");
        PROVIDERS.streamGate = new CountDownLatch(1);
        PROVIDERS.endless = true;
        HttpResponse<InputStream> r = stream(key, "s-leave", "claude");
        BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("event: delta");
        r.body().close();
        PROVIDERS.streamGate.countDown();
        await().atMost(Duration.ofSeconds(10)).untilTrue(PROVIDERS.streamCutByClient);
        // Anthropic reported 1,000 input tokens and 1 output token before the cut: 3,015 µ$ base, ×1.03 rounded up.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(json(send("GET", "/v1/balance", key, null))).containsEntry("billed_usd", 0.003106));
    }

    @Test
    void aProviderErrorBeforeTheStreamIsAnHttpError() {
        String key = createKey("alice");
        PROVIDERS.mode = StubProviders.Mode.STATUS_429;
        var r = send("POST", "/v1/stream", key, Map.of("request_id", "s-err", "query", "q"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.text()).contains("provider_overloaded");
    }
}

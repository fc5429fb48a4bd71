package zeptoclaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.Json;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Active health probes, fired by hand through {@code /__scheduled} (the cron's handler), and the model list
 * fetched without waiting for a {@code /v1/models} call.
 */
class HealthProbeTest {

    static final StubGateway PRIMARY = RouterTest.start("primary");
    static final StubGateway SECONDARY = RouterTest.start("secondary");

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml")
            .var("ZEPTOCLAW_GATEWAY_URLS", PRIMARY.url() + "," + SECONDARY.url())
            .var("ZEPTOCLAW_UPSTREAM_TIMEOUT_MS", "2000")
            // Long, so "recent traffic" is unambiguous; a gateway never contacted or cooling down is due at once.
            .var("ZEPTOCLAW_PROBE_INTERVAL_SECONDS", "60");

    @AfterEach
    void resetStubs() {
        for (StubGateway g : List.of(PRIMARY, SECONDARY)) {
            g.mode = StubGateway.Mode.OK;
            g.completions.set(0);
            g.modelRequests.set(0);
        }
    }

    @AfterAll
    static void stopStubs() throws IOException {
        PRIMARY.close();
        SECONDARY.close();
    }

    private Response chat() {
        return kiln.fetch(Request.builder(kiln.url() + "/v1/chat/completions").method("POST").body(RouterTest.HELLO).build());
    }

    private void probe() {
        assertThat(kiln.fetch("/__scheduled?cron=*+*+*+*+*").status()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> gateway(StubGateway stub) {
        Map<String, Object> state = kiln.fetch("/state").json(Map.class);
        return ((List<Map<String, Object>>) state.get("gateways")).stream().filter(g -> g.get("url").equals(stub.url()))
                .findFirst().orElseThrow();
    }

    @Test
    void aCoolingGatewayThatAnswersAProbeRecoversWithoutTraffic() {
        PRIMARY.mode = StubGateway.Mode.STATUS_503;
        assertThat(chat().text()).contains("hello from secondary");
        assertThat(gateway(PRIMARY)).containsEntry("consecutiveFailures", 1).containsEntry("healthy", false);
        PRIMARY.mode = StubGateway.Mode.OK;
        int asked = PRIMARY.completions.get();

        probe();

        // A 5 s cooldown would lapse on its own, but only a success (here: the probe) clears the failure count.
        Map<String, Object> primary = gateway(PRIMARY);
        assertThat(primary).containsEntry("consecutiveFailures", 0).containsEntry("healthy", true).containsEntry("cooldownRemainingMs", 0);
        assertThat(((Number) primary.get("lastProbeAt")).longValue()).isPositive();
        // The probe is not traffic: no completion was sent, and the request counters did not move.
        assertThat(PRIMARY.completions.get()).isEqualTo(asked);
        assertThat(primary).containsEntry("totalRequests", 1).containsEntry("totalFailures", 1);
        assertThat(kiln.fetch("/health").text()).contains("\"status\":\"ok\"");
    }

    @Test
    void anIdleGatewayThatStoppedAnsweringIsFoundByAProbe() {
        SECONDARY.mode = StubGateway.Mode.STATUS_503; // no request will reach it: the primary answers them all

        probe();

        Map<String, Object> secondary = gateway(SECONDARY);
        assertThat(secondary).containsEntry("consecutiveFailures", 1).containsEntry("healthy", false)
                .containsEntry("lastError", "probe: HTTP 503").containsEntry("totalRequests", 0);
        assertThat(gateway(PRIMARY)).containsEntry("consecutiveFailures", 0);
        assertThat(kiln.fetch("/health").text()).contains("\"status\":\"degraded\"");
        assertThat(SECONDARY.completions.get()).isZero();
    }

    @Test
    void aGatewayWithRecentTrafficIsNotProbed() {
        assertThat(chat().status()).isEqualTo(200);
        // The first request's background model fetch asks both, one after the other; neither is a probe.
        await().atMost(Duration.ofSeconds(5)).until(() -> PRIMARY.modelRequests.get() > 0 && SECONDARY.modelRequests.get() > 0);
        int primaryAsked = PRIMARY.modelRequests.get();
        int secondaryAsked = SECONDARY.modelRequests.get();

        probe(); // the primary had traffic within the interval; the secondary has never been contacted

        assertThat(PRIMARY.modelRequests.get()).isEqualTo(primaryAsked);
        assertThat(SECONDARY.modelRequests.get()).isEqualTo(secondaryAsked + 1);
    }

    @Test
    void healthListsTheModelsFromTheFirstRequestOnWithoutAModelsCall() {
        assertThat(kiln.fetch("/health").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Object models = kiln.fetch("/health").json(Map.class).get("models");
            return models instanceof List<?> ids && ids.containsAll(List.of("primary-model", "secondary-model", "shared-model"));
        });
    }

    @Test
    void aProbeAnswerRefreshesTheModelList() {
        probe();
        assertThat(Json.stringify(kiln.fetch("/health").json(Map.class).get("models"))).contains("primary-model").contains("secondary-model");
        assertThat(PRIMARY.modelRequests.get()).isPositive();
    }
}

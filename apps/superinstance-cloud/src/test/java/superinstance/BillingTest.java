package superinstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ledger end to end: exact money, exactly-once recording per request id, the balance policy, and the
 * flush to D1. Each request costs the seed's example, $0.010815 (10,815 µ$), so the $0.05 threshold used here
 * is crossed by the fifth.
 */
class BillingTest extends AppTest {

    static final long EXAMPLE_MICROS = 10_815;

    @RegisterExtension
    final KilnExtension kiln = app().var("FLUSH_THRESHOLD_USD", "0.05").var("CREDIT_LIMIT_USD", "1.00")
            .var("RATE_LIMIT_PER_MINUTE", "10000");

    @Override
    KilnExtension kiln() {
        return kiln;
    }

    private void escalate(String key, String requestId) {
        Response r = send("POST", "/v1/escalate", key, escalation(requestId));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private Map<String, Object> balance(String key) {
        return json(send("GET", "/v1/balance", key, null));
    }

    private long billedMicros(String key) {
        return -((Number) balance(key).get("balance_micro_usd")).longValue();
    }

    @Test
    void theSeedsExampleIsBilledExactlyAndSumsStayExact() {
        String key = createKey("alice");
        for (int i = 0; i < 3; i++) {
            escalate(key, "r" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> billedMicros(key) == 3 * EXAMPLE_MICROS);
        assertThat(balance(key)).containsEntry("billed_usd", 0.032445).containsEntry("balance_usd", -0.032445);
        Map<String, Object> usage = json(send("GET", "/v1/usage?period=day", key, null));
        assertThat(usage).containsEntry("total_base_usd", 0.0315).containsEntry("total_billed_usd", 0.032445);
        assertThat(usage.get("usage").toString()).contains("model=claude-3-5-sonnet-20241022", "requests=3", "input_tokens=3000");
        assertThat(send("GET", "/v1/usage?period=year", key, null).status()).isEqualTo(400);
    }

    @Test
    void aRequestIdIsBilledOnceAndItsReuseIsRefused() {
        String key = createKey("alice");
        escalate(key, "same");
        await().atMost(Duration.ofSeconds(10)).until(() -> billedMicros(key) == EXAMPLE_MICROS);
        Response again = send("POST", "/v1/escalate", key, escalation("same"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(PROVIDERS.calls.get()).isEqualTo(1);
        assertThat(billedMicros(key)).isEqualTo(EXAMPLE_MICROS);
    }

    @Test
    void belowTheCreditLimitEscalationsAnswer402UntilATopUp() {
        String key = createKey("alice");
        // 93 requests bill $1.005795: more than the $1.00 credit limit.
        for (int i = 0; i < 93; i++) {
            escalate(key, "c" + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> billedMicros(key) == 93 * EXAMPLE_MICROS);
        Response refused = send("POST", "/v1/escalate", key, escalation("c-over"));
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.text()).contains("balance $-1.005795", "credit limit of -$1");
        assertThat(json(send("POST", "/admin/users/alice/flush", ADMIN, null))).containsKey("flushed");
        StripeTest.deliver(this, "cs_1", "alice", 500);
        escalate(key, "c-after-topup");
    }
}

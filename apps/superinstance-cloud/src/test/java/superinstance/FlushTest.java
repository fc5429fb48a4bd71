package superinstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The flush of usage to D1: at the threshold, on demand and by the alarm, with crashes injected (the
 * {@code FAILPOINTS} var) before the D1 insert, after it, and when recording; each time no record is lost
 * and none is inserted twice. Each request costs 10,815 µ$; the threshold here is $0.05, crossed by the fifth.
 */
class FlushTest {

    static final int EXAMPLE_MICROS = 10_815;

    abstract static class Base extends AppTest {
        void escalate(String key, String requestId) {
            Response r = send("POST", "/v1/escalate", key, escalation(requestId));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }

        long recorded(String key) {
            return -((Number) json(send("GET", "/v1/balance", key, null)).get("balance_micro_usd")).longValue();
        }

        Object pending(String key) {
            return json(send("GET", "/v1/balance", key, null)).get("pending_flush_usd");
        }

        Map<String, Object> flushed(String userId) {
            return d1("SELECT COUNT(*) AS n, COUNT(DISTINCT request_id) AS distinct_ids, COALESCE(SUM(billed_micro_usd), 0) AS billed"
                    + " FROM usage_records WHERE user_id = '" + userId + "'").getFirst();
        }

        /** Five requests, each awaited into the ledger (so the fifth is the one that crosses the threshold). */
        void fiveRequests(String key) {
            for (int i = 1; i <= 5; i++) {
                escalate(key, "f" + i);
                long expected = i * EXAMPLE_MICROS;
                await().atMost(Duration.ofSeconds(10)).until(() -> recorded(key) == expected);
            }
        }
    }

    @Nested
    class AtTheThreshold extends Base {
        @RegisterExtension
        final KilnExtension kiln = app().var("FLUSH_THRESHOLD_USD", "0.05");

        @Override
        KilnExtension kiln() {
            return kiln;
        }

        @Test
        void pendingUsageReaching5DollarsScaledDownIsInsertedIntoD1() {
            String key = createKey("u1");
            for (int i = 1; i <= 4; i++) {
                escalate(key, "f" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> recorded(key) == 4 * EXAMPLE_MICROS);
            assertThat(flushed("u1")).containsEntry("n", 0);
            escalate(key, "f5");
            await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) flushed("u1").get("n")).intValue() == 5);
            assertThat(flushed("u1")).containsEntry("billed", 5 * EXAMPLE_MICROS).containsEntry("distinct_ids", 5);
            assertThat(pending(key)).isEqualTo(0);
        }
    }

    @Nested
    class CrashAfterTheInsert extends Base {
        @RegisterExtension
        final KilnExtension kiln = app().var("FLUSH_THRESHOLD_USD", "0.05").var("FAILPOINTS", "flush.after-insert=1");

        @Override
        KilnExtension kiln() {
            return kiln;
        }

        @Test
        void theRetriedFlushInsertsNothingTwice() {
            String key = createKey("u2");
            fiveRequests(key);
            // The insert committed, the ledger was not marked: the rows are in D1 and still pending here.
            assertThat(flushed("u2")).containsEntry("n", 5);
            assertThat(pending(key)).isEqualTo(0.054075);
            assertThat(json(send("POST", "/admin/users/u2/flush", ADMIN, null))).containsEntry("flushed", 5);
            assertThat(flushed("u2")).containsEntry("n", 5).containsEntry("distinct_ids", 5).containsEntry("billed", 5 * EXAMPLE_MICROS);
            assertThat(pending(key)).isEqualTo(0);
        }
    }

    @Nested
    class CrashBeforeTheInsert extends Base {
        @RegisterExtension
        final KilnExtension kiln = app().var("FLUSH_THRESHOLD_USD", "0.05").var("FAILPOINTS", "flush.before-insert=1");

        @Override
        KilnExtension kiln() {
            return kiln;
        }

        @Test
        void theRecordsStayPendingUntilTheNextFlush() {
            String key = createKey("u3");
            fiveRequests(key);
            assertThat(flushed("u3")).containsEntry("n", 0);
            assertThat(pending(key)).isEqualTo(0.054075);
            assertThat(json(send("POST", "/admin/users/u3/flush", ADMIN, null))).containsEntry("flushed", 5);
            assertThat(flushed("u3")).containsEntry("n", 5).containsEntry("billed", 5 * EXAMPLE_MICROS);
        }
    }

    @Nested
    class ByTheAlarm extends Base {
        @RegisterExtension
        final KilnExtension kiln = app().var("FLUSH_INTERVAL_SECONDS", "1").var("FAILPOINTS", "flush.before-insert=1");

        @Override
        KilnExtension kiln() {
            return kiln;
        }

        @Test
        void belowTheThresholdTheAlarmFlushesAndRetriesAFailure() {
            String key = createKey("u4");
            escalate(key, "a1");
            // The first alarm fails (injected); its retry flushes.
            await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) flushed("u4").get("n")).intValue() == 1);
            assertThat(flushed("u4")).containsEntry("billed", EXAMPLE_MICROS);
            await().atMost(Duration.ofSeconds(10)).until(() -> pending(key).equals(0));
        }
    }

    @Nested
    class WhenTheLedgerFails extends Base {
        @RegisterExtension
        final KilnExtension kiln = app().var("FAILPOINTS", "ledger.record=3");

        @Override
        KilnExtension kiln() {
            return kiln;
        }

        @Test
        void usageGoesToTheOutboxAndTheCronRecordsItOnce() {
            String key = createKey("u5");
            escalate(key, "o1");
            await().atMost(Duration.ofSeconds(10)).until(() -> d1("SELECT * FROM usage_outbox").size() == 1);
            assertThat(recorded(key)).isZero();
            for (int run = 0; run < 2; run++) {
                assertThat(kiln.fetch("/__scheduled?cron=*%20*%20*%20*%20*").status()).isLessThan(300);
            }
            assertThat(recorded(key)).isEqualTo(EXAMPLE_MICROS);
            assertThat(d1("SELECT * FROM usage_outbox")).isEmpty();
        }
    }

    @Nested
    class WhenTheOutboxFails extends Base {
        @RegisterExtension
        final KilnExtension kiln = app().var("FAILPOINTS", "usage.outbox=2,ledger.record=1");

        @Override
        KilnExtension kiln() {
            return kiln;
        }

        @Test
        void theLedgerRecordsBeforeTheAnswerAndWithNeitherTheAnswerIsA503() {
            String key = createKey("u6");
            // The outbox and the ledger both fail: no answer whose usage could be lost, and nothing billed.
            Response refused = send("POST", "/v1/escalate", key, escalation("w1"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(json(refused)).extracting("error").asString().contains("billing_unavailable");
            // The outbox fails again: the ledger holds the usage by the time the answer arrives.
            escalate(key, "w1");
            assertThat(recorded(key)).isEqualTo(EXAMPLE_MICROS);
            assertThat(d1("SELECT * FROM usage_outbox")).isEmpty();
            escalate(key, "w2");
            await().atMost(Duration.ofSeconds(10)).until(() -> recorded(key) == 2 * EXAMPLE_MICROS);
            await().atMost(Duration.ofSeconds(10)).until(() -> d1("SELECT * FROM usage_outbox").isEmpty());
        }
    }
}

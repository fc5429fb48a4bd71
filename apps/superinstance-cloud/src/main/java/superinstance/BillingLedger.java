package superinstance;

import dev.kiln.api.AlarmInvocationInfo;
import dev.kiln.api.D1Database;
import dev.kiln.api.D1PreparedStatement;
import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.Env;
import dev.kiln.api.SqlStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One user's billing ledger: usage records (exactly once per request id), top-ups (once per reference), the
 * balance, and the flush of usage to D1's {@code usage_records}.
 *
 * <p>Flushing is crash-safe without a transaction spanning the object and D1: rows are inserted with
 * {@code INSERT OR IGNORE} keyed by request id, then marked flushed here. A crash before the insert leaves
 * them pending; a crash after it leaves them pending too, and the next flush inserts nothing twice.
 */
public final class BillingLedger implements DurableObject, Ledger {

    /** Running sums, kept with the rows they sum (in the same event), so no request scans the table. */
    public record Totals(long topupsMicros, long billedMicros, long pendingMicros) {
        long balance() {
            return topupsMicros - billedMicros;
        }
    }

    private static final int FLUSH_BATCH = 100;
    private static final Duration FLUSH_RETRY = Duration.ofSeconds(10);

    private final DurableObjectStorage storage;
    private final SqlStorage sql;
    private final Env env;
    private final Pricing pricing;
    private final long flushThresholdMicros;
    private final long creditLimitMicros;
    private final Duration flushInterval;
    private Totals totals;

    public BillingLedger(DurableObjectState state, Env env) {
        this.storage = state.storage();
        this.sql = storage.sql();
        this.env = env;
        this.pricing = Pricing.fromVar(env.optionalVar("MODEL_PRICES"));
        this.flushThresholdMicros = Money.parseUsd(env.optionalVar("FLUSH_THRESHOLD_USD").orElse("5.00"));
        this.creditLimitMicros = Money.parseUsd(env.optionalVar("CREDIT_LIMIT_USD").orElse("1.00"));
        this.flushInterval = Duration.ofSeconds(Long.parseLong(env.optionalVar("FLUSH_INTERVAL_SECONDS").orElse("3600")));
        sql.exec("""
                CREATE TABLE IF NOT EXISTS usage (
                  request_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, model TEXT NOT NULL, kind TEXT NOT NULL,
                  input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
                  base_micro_usd INTEGER NOT NULL, billed_micro_usd INTEGER NOT NULL,
                  created_at INTEGER NOT NULL, flushed INTEGER NOT NULL DEFAULT 0)""");
        sql.exec("CREATE INDEX IF NOT EXISTS usage_pending ON usage (flushed, created_at)");
        sql.exec("CREATE TABLE IF NOT EXISTS topups (reference TEXT PRIMARY KEY, amount_micro_usd INTEGER NOT NULL, created_at INTEGER NOT NULL)");
        this.totals = storage.get("totals", Totals.class).orElseGet(() -> new Totals(
                sum("SELECT COALESCE(SUM(amount_micro_usd), 0) AS s FROM topups"),
                sum("SELECT COALESCE(SUM(billed_micro_usd), 0) AS s FROM usage"),
                sum("SELECT COALESCE(SUM(billed_micro_usd), 0) AS s FROM usage WHERE flushed = 0")));
    }

    private void totals(Totals updated) {
        totals = updated;
        storage.put("totals", updated);
    }

    @Override
    public Recorded record(UsageEvent event) {
        FailPoints.check(env, "ledger.record");
        Pricing.Cost cost = pricing.cost(event.model(), event.inputTokens(), event.outputTokens(), Pricing.Kind.of(event.kind()));
        long written = sql.exec("""
                INSERT OR IGNORE INTO usage (request_id, user_id, model, kind, input_tokens, output_tokens,
                  base_micro_usd, billed_micro_usd, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                event.requestId(), event.userId(), event.model(), cost.kind().label(), event.inputTokens(), event.outputTokens(),
                cost.baseMicros(), cost.billedMicros(), event.createdAt()).rowsWritten();
        boolean recorded = written > 0;
        if (recorded) {
            totals(new Totals(totals.topupsMicros(), totals.billedMicros() + cost.billedMicros(), totals.pendingMicros() + cost.billedMicros()));
        }
        if (recorded && storage.getAlarm().isEmpty()) {
            storage.setAlarm(Instant.now().plus(flushInterval));
        }
        if (recorded && totals.pendingMicros() >= flushThresholdMicros) {
            try {
                flushPending();
            } catch (RuntimeException e) {
                // The record stands; the records stay pending and the alarm retries the flush soon.
                storage.setAlarm(Instant.now().plus(FLUSH_RETRY));
            }
        }
        return new Recorded(recorded, cost.baseMicros(), cost.billedMicros(), totals.balance(), totals.pendingMicros());
    }

    @Override
    public Admission admit(String requestId) {
        boolean duplicate = sql.exec("SELECT 1 FROM usage WHERE request_id = ?", requestId).hasNext();
        long balance = totals.balance();
        return new Admission(balance >= -creditLimitMicros, duplicate, balance, creditLimitMicros);
    }

    @Override
    public Map<String, Object> usage(String period) {
        long since = switch (period) {
            case "day" -> System.currentTimeMillis() - Duration.ofDays(1).toMillis();
            case "week" -> System.currentTimeMillis() - Duration.ofDays(7).toMillis();
            case "month" -> System.currentTimeMillis() - Duration.ofDays(30).toMillis();
            case "all" -> 0L;
            default -> throw new IllegalArgumentException("period must be day, week, month or all: " + period);
        };
        List<Map<String, Object>> rows = new ArrayList<>();
        long totalBilled = 0;
        long totalBase = 0;
        for (Map<String, Object> row : sql.exec("""
                SELECT date(created_at / 1000, 'unixepoch') AS day, model, COUNT(*) AS requests,
                  SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
                  SUM(base_micro_usd) AS base, SUM(billed_micro_usd) AS billed
                FROM usage WHERE created_at >= ? GROUP BY day, model ORDER BY day DESC, model""", since)) {
            long base = ((Number) row.get("base")).longValue();
            long billed = ((Number) row.get("billed")).longValue();
            totalBase += base;
            totalBilled += billed;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("day", row.get("day"));
            out.put("model", row.get("model"));
            out.put("requests", row.get("requests"));
            out.put("input_tokens", row.get("input_tokens"));
            out.put("output_tokens", row.get("output_tokens"));
            out.put("base_usd", Money.usd(base));
            out.put("billed_usd", Money.usd(billed));
            rows.add(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("period", period);
        out.put("usage", rows);
        out.put("total_base_usd", Money.usd(totalBase));
        out.put("total_billed_usd", Money.usd(totalBilled));
        return out;
    }

    @Override
    public Map<String, Object> balance() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("balance_usd", Money.usd(totals.balance()));
        out.put("balance_micro_usd", totals.balance());
        out.put("topups_usd", Money.usd(totals.topupsMicros()));
        out.put("billed_usd", Money.usd(totals.billedMicros()));
        out.put("pending_flush_usd", Money.usd(totals.pendingMicros()));
        out.put("credit_limit_usd", Money.usd(creditLimitMicros));
        return out;
    }

    @Override
    public Map<String, Object> topup(String reference, long amountMicros) {
        if (amountMicros <= 0) {
            throw new IllegalArgumentException("a top-up must be positive: " + amountMicros);
        }
        long written = sql.exec("INSERT OR IGNORE INTO topups (reference, amount_micro_usd, created_at) VALUES (?, ?, ?)",
                reference, amountMicros, System.currentTimeMillis()).rowsWritten();
        if (written > 0) {
            totals(new Totals(totals.topupsMicros() + amountMicros, totals.billedMicros(), totals.pendingMicros()));
        }
        Map<String, Object> out = new LinkedHashMap<>(balance());
        out.put("applied", written > 0);
        return out;
    }

    @Override
    public Map<String, Object> flush() {
        int flushed = flushPending();
        return Map.of("flushed", flushed, "pending_usd", Money.usd(totals.pendingMicros()));
    }

    /** Hourly (and after a failed flush): flush what is pending. A failure throws, so the alarm is retried. */
    @Override
    public void alarm(AlarmInvocationInfo info) {
        flushPending();
        if (sql.exec("SELECT 1 FROM usage WHERE flushed = 0 LIMIT 1").hasNext()) {
            storage.setAlarm(Instant.now().plus(flushInterval));
        }
    }

    /** Inserts the pending records into D1 (idempotently), then marks them flushed; batch by batch. */
    private int flushPending() {
        D1Database d1 = env.d1("DB");
        int total = 0;
        while (true) {
            List<Map<String, Object>> rows = sql.exec("SELECT * FROM usage WHERE flushed = 0 ORDER BY created_at LIMIT ?", FLUSH_BATCH).toArray();
            if (rows.isEmpty()) {
                return total;
            }
            FailPoints.check(env, "flush.before-insert");
            List<D1PreparedStatement> inserts = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                inserts.add(d1.prepare("""
                        INSERT OR IGNORE INTO usage_records (request_id, user_id, model, kind, input_tokens, output_tokens,
                          base_micro_usd, billed_micro_usd, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .bind(row.get("request_id"), row.get("user_id"), row.get("model"), row.get("kind"), row.get("input_tokens"),
                                row.get("output_tokens"), row.get("base_micro_usd"), row.get("billed_micro_usd"), row.get("created_at")));
            }
            d1.batch(inserts);
            FailPoints.check(env, "flush.after-insert");
            long marked = 0;
            for (Map<String, Object> row : rows) {
                sql.exec("UPDATE usage SET flushed = 1 WHERE request_id = ?", row.get("request_id"));
                marked += ((Number) row.get("billed_micro_usd")).longValue();
            }
            totals(new Totals(totals.topupsMicros(), totals.billedMicros(), totals.pendingMicros() - marked));
            total += rows.size();
        }
    }

    private long sum(String query) {
        return ((Number) sql.exec(query).one().get("s")).longValue();
    }
}

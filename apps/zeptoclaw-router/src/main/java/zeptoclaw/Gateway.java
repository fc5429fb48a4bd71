package zeptoclaw;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One upstream gateway and its health. Not thread-safe: {@link Gateways} guards every gateway with its lock.
 *
 * <p>Backoff: after {@code n} consecutive failures the gateway cools down for
 * {@code min(BASE * FACTOR^(n-1), CAP)} = 5 s, 10 s, 20 s, ... up to 300 s. One success ends the cooldown.
 */
final class Gateway {

    static final long BACKOFF_BASE_MS = 5_000;
    static final int BACKOFF_FACTOR = 2;
    static final long BACKOFF_CAP_MS = 300_000;
    /** Latency samples and outcomes kept for p95 and the success rate. */
    static final int WINDOW = 100;
    /** Weight of the newest sample in the latency moving average. */
    static final double EMA_WEIGHT = 0.2;

    final String url;
    int consecutiveFailures;
    long cooldownUntil;
    long totalRequests;
    long totalFailures;
    double latencyEmaMs;
    long lastSuccessAt;
    long lastFailureAt;
    long lastProbeAt;
    String lastError = "";
    final Deque<Long> latencies = new ArrayDeque<>();
    final Deque<Boolean> outcomes = new ArrayDeque<>();

    Gateway(String url) {
        this.url = url;
    }

    boolean coolingDown(long now) {
        return cooldownUntil > now;
    }

    void success(long latencyMs, long now) {
        consecutiveFailures = 0;
        cooldownUntil = 0;
        totalRequests++;
        lastSuccessAt = now;
        latencyEmaMs = latencyEmaMs == 0 ? latencyMs : EMA_WEIGHT * latencyMs + (1 - EMA_WEIGHT) * latencyEmaMs;
        push(latencies, latencyMs);
        push(outcomes, true);
    }

    void failure(String error, long now) {
        consecutiveFailures++;
        totalRequests++;
        totalFailures++;
        lastFailureAt = now;
        lastError = error;
        cooldownUntil = now + backoffMs(consecutiveFailures);
        push(outcomes, false);
    }

    /**
     * The outcome of an active probe: an answer ends the cooldown, none extends it as a failed request would.
     * Probes are not traffic, so the request counters, latencies and success rate do not change.
     * ({@link #lastProbeAt} is set when the probe starts: see {@link Gateways#claimProbes}.)
     *
     * @param failure why the gateway did not answer, or empty if it did
     */
    void probed(java.util.Optional<String> failure, long now) {
        if (failure.isEmpty()) {
            consecutiveFailures = 0;
            cooldownUntil = 0;
            return;
        }
        consecutiveFailures++;
        lastFailureAt = now;
        lastError = "probe: " + failure.get();
        cooldownUntil = now + backoffMs(consecutiveFailures);
    }

    /** @return whether a probe is due: cooling down and not probed within the interval, or idle for that long */
    boolean probeDue(long now, long intervalMs) {
        long lastContact = Math.max(Math.max(lastSuccessAt, lastFailureAt), lastProbeAt);
        return (coolingDown(now) && now - lastProbeAt >= intervalMs) || now - lastContact >= intervalMs;
    }

    static long backoffMs(int failures) {
        long delay = BACKOFF_BASE_MS;
        for (int i = 1; i < failures && delay < BACKOFF_CAP_MS; i++) {
            delay *= BACKOFF_FACTOR;
        }
        return Math.min(delay, BACKOFF_CAP_MS);
    }

    double successRate() {
        if (outcomes.isEmpty()) {
            return 1.0;
        }
        return outcomes.stream().filter(ok -> ok).count() / (double) outcomes.size();
    }

    long p95LatencyMs() {
        if (latencies.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
    }

    Map<String, Object> toJson(long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", url);
        out.put("healthy", !coolingDown(now));
        out.put("consecutiveFailures", consecutiveFailures);
        out.put("cooldownUntil", cooldownUntil);
        out.put("cooldownRemainingMs", Math.max(0, cooldownUntil - now));
        out.put("totalRequests", totalRequests);
        out.put("totalFailures", totalFailures);
        out.put("latencyAvgMs", Math.round(latencyEmaMs * 10) / 10.0);
        out.put("latencyP95Ms", p95LatencyMs());
        out.put("successRate", Math.round(successRate() * 1000) / 1000.0);
        out.put("lastSuccessAt", lastSuccessAt);
        out.put("lastFailureAt", lastFailureAt);
        out.put("lastProbeAt", lastProbeAt);
        out.put("lastError", lastError);
        out.put("latencies", List.copyOf(latencies));
        out.put("outcomes", List.copyOf(outcomes));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Gateway fromJson(Map<String, Object> json) {
        Gateway g = new Gateway((String) json.get("url"));
        g.consecutiveFailures = ((Number) json.getOrDefault("consecutiveFailures", 0)).intValue();
        g.cooldownUntil = ((Number) json.getOrDefault("cooldownUntil", 0)).longValue();
        g.totalRequests = ((Number) json.getOrDefault("totalRequests", 0)).longValue();
        g.totalFailures = ((Number) json.getOrDefault("totalFailures", 0)).longValue();
        g.latencyEmaMs = ((Number) json.getOrDefault("latencyAvgMs", 0)).doubleValue();
        g.lastSuccessAt = ((Number) json.getOrDefault("lastSuccessAt", 0)).longValue();
        g.lastFailureAt = ((Number) json.getOrDefault("lastFailureAt", 0)).longValue();
        g.lastProbeAt = ((Number) json.getOrDefault("lastProbeAt", 0)).longValue();
        g.lastError = (String) json.getOrDefault("lastError", "");
        ((List<Number>) json.getOrDefault("latencies", List.of())).forEach(n -> g.latencies.add(n.longValue()));
        ((List<Boolean>) json.getOrDefault("outcomes", List.of())).forEach(g.outcomes::add);
        return g;
    }

    private static <T> void push(Deque<T> window, T value) {
        window.addLast(value);
        while (window.size() > WINDOW) {
            window.removeFirst();
        }
    }
}

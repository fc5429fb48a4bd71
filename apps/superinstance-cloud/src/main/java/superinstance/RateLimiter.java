package superinstance;

import dev.kiln.api.DurableObjectNamespace;
import superinstance.RequestCounter.Decision;

/**
 * The per-key request limit: {@code limit} requests per minute, exact. Backed by one {@link RateLimitCounter}
 * Durable Object per key; this class is the one place that knows, so another backend (a rate-limit binding)
 * can take its place.
 */
final class RateLimiter {

    static final long WINDOW_MS = 60_000;

    private final DurableObjectNamespace counters;
    private final int limit;

    RateLimiter(DurableObjectNamespace counters, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("RATE_LIMIT_PER_MINUTE must be positive: " + limit);
        }
        this.counters = counters;
        this.limit = limit;
    }

    /** Counts one request for the key (the key's hash, never the key itself). */
    Decision take(String keyHash) {
        return counters.getByName(keyHash).rpc(RequestCounter.class).take(limit, WINDOW_MS);
    }
}

package dev.kiln.bindings.ratelimit;

import dev.kiln.api.RateLimitOutcome;
import dev.kiln.api.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate limit counters of one process: one {@link FixedWindowCounters} per namespace id and period, shared
 * by every binding to that namespace. Bindings of one namespace with different limits count the same calls,
 * each against its own limit.
 */
final class RateLimitNamespaces {

    private final Clock clock;
    private final long maxKeys;
    private final Map<String, FixedWindowCounters> counters = new ConcurrentHashMap<>();

    RateLimitNamespaces(Clock clock, long maxKeys) {
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    /** @return {@code kiln.ratelimit.maxKeys}: keys tracked per namespace at most (default 1,000,000) */
    static long maxKeysSetting() {
        return Long.getLong("kiln.ratelimit.maxKeys", 1_000_000);
    }

    RateLimiter limiter(String namespaceId, long limit, int periodSeconds) {
        FixedWindowCounters windows = counters.computeIfAbsent(namespaceId + "/" + periodSeconds,
                k -> new FixedWindowCounters(Duration.ofSeconds(periodSeconds), maxKeys, clock));
        return key -> new RateLimitOutcome(windows.tryAcquire(Objects.requireNonNull(key, "key"), limit));
    }

    /** @return the keys tracked in all namespaces, once windows that have ended are dropped */
    long trackedKeys() {
        return counters.values().stream().mapToLong(FixedWindowCounters::trackedKeys).sum();
    }
}

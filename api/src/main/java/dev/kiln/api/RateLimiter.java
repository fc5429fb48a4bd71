package dev.kiln.api;

/**
 * A Workers Rate Limiting binding ({@code [[ratelimits]]}, or the older {@code [[unsafe.bindings]]} with
 * {@code type = "ratelimit"}), read with {@code env.binding(name, RateLimiter.class)}.
 *
 * <p>Each binding allows {@code simple.limit} calls per key in every {@code simple.period} (10 or 60 seconds).
 * Workers binding the same {@code namespace_id} share the counters. Thread-safe.
 *
 * {@snippet :
 * RateLimiter limiter = env.binding("API_LIMITER", RateLimiter.class);
 * if (!limiter.limit(apiKey).success()) {
 *     return Response.text(429, "rate limit exceeded");
 * }
 * }
 *
 * <p>Kiln counts exactly, in the process's memory: one window per key opens at the key's first call and lasts
 * one period; a call succeeds if fewer than {@code limit} calls succeeded in the key's current window. On
 * Cloudflare the counters are per location and eventually consistent, so they may let a few more calls through;
 * {@code wrangler dev} resets all keys together on whole periods of the clock.
 */
public interface RateLimiter {

    /**
     * Counts one call for {@code key}, as {@code env.LIMITER.limit({ key })} does in Workers.
     *
     * @param key what to limit by: a client address, a user, an API key, a path
     * @return whether the call is within the limit; a refused call is not counted
     */
    RateLimitOutcome limit(String key);
}

package superinstance;

import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.Env;

/**
 * The request count of one API key in its current window (a minute from the first request in it). One object per key; a Durable Object runs
 * one call at a time, so the count is exact however many requests arrive together.
 *
 * <p>The count lives in memory, not storage: a durable write (an fsync) on every request's path would cost
 * more than the limit is worth. An idle object is evicted only after 70 s, longer than a window, so that
 * loses nothing; a restart, or eviction under memory pressure (more than 2,000 live objects), starts the key
 * on a fresh window, letting it through at most one window's worth early.
 */
public final class RateLimitCounter implements DurableObject, RequestCounter {

    private long windowStartMs;
    private int count;

    public RateLimitCounter(DurableObjectState state, Env env) {
    }

    @Override
    public Decision take(int limit, long windowMs) {
        long now = System.currentTimeMillis();
        if (now >= windowStartMs + windowMs) {
            // A window opens with the first request after the last one ended, so a burst is never split in two.
            windowStartMs = now;
            count = 0;
        }
        long reset = windowStartMs + windowMs;
        if (count >= limit) {
            return new Decision(false, limit, 0, reset);
        }
        count++;
        return new Decision(true, limit, limit - count, reset);
    }
}

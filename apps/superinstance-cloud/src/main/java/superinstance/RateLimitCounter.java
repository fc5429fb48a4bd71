package superinstance;

import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.Env;

/**
 * The request count of one API key in the current fixed window. One object per key; a Durable Object runs
 * one call at a time, so the count is exact however many requests arrive together. The window is stored, so
 * an evicted or restarted object keeps counting where it was.
 */
public final class RateLimitCounter implements DurableObject, RequestCounter {

    /** The stored window. */
    public record Window(long startMs, int count) {
    }

    private final DurableObjectStorage storage;
    private Window window;

    public RateLimitCounter(DurableObjectState state, Env env) {
        this.storage = state.storage();
        this.window = storage.get("window", Window.class).orElse(new Window(0, 0));
    }

    @Override
    public Decision take(int limit, long windowMs) {
        long now = System.currentTimeMillis();
        long start = now - Math.floorMod(now, windowMs);
        if (window.startMs() != start) {
            window = new Window(start, 0);
        }
        long reset = start + windowMs;
        if (window.count() >= limit) {
            return new Decision(false, limit, 0, reset);
        }
        window = new Window(start, window.count() + 1);
        storage.put("window", window);
        return new Decision(true, limit, limit - window.count(), reset);
    }
}

package dev.kiln.bindings.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Per-key fixed windows of one namespace and period. A key's window opens at its first call and lasts one
 * period; within it, the first {@code limit} calls succeed and the rest fail (uncounted). The next call after
 * the window ends opens a new one.
 *
 * <p>Each call is one atomic {@code compute} on the key's entry, so the count is exact under any number of
 * concurrent callers, and an entry is never dropped between reading and counting. An entry expires when its
 * window ends (it holds nothing a later call needs), and at most {@code maxKeys} are kept (Caffeine's size
 * eviction keeps the keys that are used most); a key dropped early starts afresh, which only lets calls through.
 */
final class FixedWindowCounters {

    /** A key's current window: when it opened (epoch ms) and how many calls it has admitted. */
    private record Window(long openedAt, long admitted) {
    }

    private final long periodMillis;
    private final Clock clock;
    private final Cache<String, Window> windows;

    FixedWindowCounters(Duration period, long maxKeys, Clock clock) {
        this.periodMillis = period.toMillis();
        this.clock = clock;
        long start = clock.millis(); // Caffeine's ticker counts nanoseconds: from epoch they would overflow a long
        this.windows = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis() - start))
                .expireAfter(Expiry.<String, Window>writing((key, w) -> Duration.ofMillis(w.openedAt() + periodMillis - clock.millis())))
                .maximumSize(maxKeys)
                .scheduler(Scheduler.systemScheduler()) // ended windows are dropped even when no call comes
                .build();
    }

    /** @return whether the call is within {@code limit} for {@code key}'s current window (and counted) */
    boolean tryAcquire(String key, long limit) {
        long now = clock.millis();
        Window seen = windows.getIfPresent(key);
        if (seen != null && now < seen.openedAt() + periodMillis && seen.admitted() >= limit) {
            return false; // full until its window ends (counts only grow within it): refused without a write
        }
        boolean[] admitted = {false};
        windows.asMap().compute(key, (k, w) -> {
            Window current = w == null || now >= w.openedAt() + periodMillis ? new Window(now, 0) : w;
            if (current.admitted() >= limit) {
                return current;
            }
            admitted[0] = true;
            return new Window(current.openedAt(), current.admitted() + 1);
        });
        return admitted[0];
    }

    /** @return the keys tracked, once windows that have ended are dropped */
    long trackedKeys() {
        long before;
        do { // one clean-up drops at most 1,000 expired entries
            before = windows.estimatedSize();
            windows.cleanUp();
        } while (windows.estimatedSize() < before);
        return windows.estimatedSize();
    }
}

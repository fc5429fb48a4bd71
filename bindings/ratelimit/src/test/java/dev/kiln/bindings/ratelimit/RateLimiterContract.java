package dev.kiln.bindings.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.RateLimiter;
import dev.kiln.spi.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every rate limiter must do (bindings.md §7): {@code limit(key)} admits {@code simple.limit} calls per key
 * per period, exactly on one node, with counters shared by namespace id and memory bounded however many keys
 * are used. Time is a {@link MutableClock}; a subclass says how limiters are started.
 */
public abstract class RateLimiterContract {

    /** The limiters of one process, as a running Kiln holds them. */
    protected interface Limiters {

        /** @return a binding's limiter: {@code limit} calls per key every {@code periodSeconds} in the namespace */
        RateLimiter open(String namespaceId, long limit, int periodSeconds);

        /** @return the keys tracked across namespaces, after dropping those whose window has ended */
        long trackedKeys();
    }

    /** Starts the limiters of a fresh process on {@code clock}. */
    protected abstract Limiters start(MutableClock clock);

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T12:00:00.250Z"));
    protected Limiters limiters;

    @BeforeEach
    void startLimiters() {
        limiters = start(clock);
    }

    private static long successes(RateLimiter limiter, String key, int calls) {
        return IntStream.range(0, calls).filter(i -> limiter.limit(key).success()).count();
    }

    @Test
    void theFirstLimitCallsSucceedAndTheRestFail() {
        RateLimiter limiter = limiters.open("1001", 5, 60);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.limit("client").success()).as("call %d", i + 1).isTrue();
        }
        assertThat(limiter.limit("client").success()).isFalse();
        assertThat(limiter.limit("client").success()).isFalse();
    }

    @Test
    void theLimitHoldsUntilThePeriodEndsThenResets() {
        RateLimiter limiter = limiters.open("1001", 3, 10);
        assertThat(successes(limiter, "k", 3)).isEqualTo(3);
        clock.advance(Duration.ofMillis(9_999));
        assertThat(limiter.limit("k").success()).as("still inside the 10 s period").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(successes(limiter, "k", 5)).as("a new period admits the limit again").isEqualTo(3);
    }

    @Test
    void aSixtySecondPeriodLastsSixtySeconds() {
        RateLimiter limiter = limiters.open("1001", 1, 60);
        assertThat(limiter.limit("k").success()).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(limiter.limit("k").success()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.limit("k").success()).isTrue();
    }

    @Test
    void refusedCallsAreNotCounted() {
        RateLimiter limiter = limiters.open("1001", 2, 10);
        assertThat(successes(limiter, "k", 100)).isEqualTo(2);
        clock.advance(Duration.ofSeconds(10));
        assertThat(successes(limiter, "k", 100)).as("100 refused calls did not stretch or fill the next period").isEqualTo(2);
    }

    @Test
    void keysAreCountedIndependently() {
        RateLimiter limiter = limiters.open("1001", 2, 60);
        assertThat(successes(limiter, "alice", 5)).isEqualTo(2);
        assertThat(successes(limiter, "bob", 5)).isEqualTo(2);
        assertThat(successes(limiter, "", 5)).as("the empty key is a key too").isEqualTo(2);
    }

    @Test
    void bindingsOfOneNamespaceShareCountersAndOtherNamespacesDoNot() {
        RateLimiter first = limiters.open("1001", 4, 60);
        RateLimiter second = limiters.open("1001", 4, 60);
        RateLimiter other = limiters.open("2002", 4, 60);
        assertThat(successes(first, "k", 3)).isEqualTo(3);
        assertThat(successes(second, "k", 5)).as("the same namespace: one call left").isEqualTo(1);
        assertThat(successes(other, "k", 5)).as("another namespace counts on its own").isEqualTo(4);
    }

    @Test
    void eachBindingAppliesItsOwnLimitToTheSharedCount() {
        RateLimiter strict = limiters.open("1001", 2, 60);
        RateLimiter lenient = limiters.open("1001", 5, 60);
        assertThat(successes(strict, "k", 3)).isEqualTo(2);
        assertThat(successes(lenient, "k", 10)).isEqualTo(3);
        assertThat(strict.limit("k").success()).isFalse();
    }

    // bindings.md §7: one counter per (namespace_id, key); exact on one node, also under contention
    @Test
    void sixtyFourConcurrentCallersOnOneKeyGetExactlyLimitSuccesses() throws Exception {
        int callers = 64;
        int callsEach = 50;
        long limit = 1_000;
        RateLimiter limiter = limiters.open("1001", limit, 60);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int c = 0; c < callers; c++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return successes(limiter, "hot", callsEach);
                }));
            }
            go.countDown();
            long total = 0;
            for (Future<Long> f : results) {
                total += f.get();
            }
            assertThat(total).as("%d calls, limit %d", callers * callsEach, limit).isEqualTo(limit);
        }
    }

    @Test
    void aMillionDistinctKeysAreForgottenOnceTheirWindowsEnd() {
        RateLimiter limiter = limiters.open("1001", 10, 10);
        for (int i = 0; i < 1_000_000; i++) {
            limiter.limit("client-" + i);
        }
        assertThat(limiters.trackedKeys()).isPositive().isLessThanOrEqualTo(1_000_000);
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiters.trackedKeys()).as("every window has ended").isZero();
        assertThat(limiter.limit("client-7").success()).isTrue();
        assertThat(limiters.trackedKeys()).isEqualTo(1);
    }
}

package dev.kiln.bindings.durable;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The alarm retry policy of workerd's scheduler (bindings.md §2.7): the n-th retry (n from 0) waits
 * base·2ⁿ plus up to 25 % jitter; at most 6 counted retries (7 attempts), then the alarm is dropped.
 * Infrastructure failures (the worker is not running) are retried without counting, the wait capped at 1024 s.
 */
record RetrySchedule(Duration base) {

    static final int MAX_RETRIES = 6;
    static final Duration INFRASTRUCTURE_CAP = Duration.ofSeconds(1024);

    /** @return the wait before retry number {@code retry} (0 for the first retry) */
    Duration delay(int retry, RandomGenerator random) {
        long millis = base.toMillis() << Math.min(retry, 20);
        long jitter = (long) (millis * 0.25 * random.nextDouble());
        return Duration.ofMillis(millis + jitter);
    }

    /** @return whether a handler that failed on attempt {@code retryCount} (0 = first attempt) gets another */
    boolean retries(int retryCount) {
        return retryCount < MAX_RETRIES;
    }

    /** @return the wait before the n-th uncounted infrastructure retry */
    Duration infrastructureDelay(int attempt) {
        Duration d = delay(attempt, RandomGenerator.getDefault());
        return d.compareTo(INFRASTRUCTURE_CAP) > 0 ? INFRASTRUCTURE_CAP : d;
    }
}

package dev.kiln.bindings.durable;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** bindings.md §2.7: 2 s·2ⁿ plus at most 25 % jitter, at most 6 retries, infrastructure waits capped at 1024 s. */
class RetryScheduleTest {

    final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(2));

    @Test
    void delaysDoubleFromTwoSecondsWithAtMostAQuarterOfJitter() {
        RandomGenerator none = new FixedRandom(0.0);
        RandomGenerator most = new FixedRandom(0.999_999);
        long[] expected = {2, 4, 8, 16, 32, 64};
        for (int n = 0; n < expected.length; n++) {
            assertThat(schedule.delay(n, none)).isEqualTo(Duration.ofSeconds(expected[n]));
            assertThat(schedule.delay(n, most).toMillis()).isBetween(expected[n] * 1000, expected[n] * 1250);
        }
    }

    @Test
    void sixCountedRetriesThatIsSevenAttempts() {
        assertThat(schedule.retries(0)).isTrue();
        assertThat(schedule.retries(5)).isTrue();
        assertThat(schedule.retries(6)).isFalse();
    }

    @Test
    void infrastructureRetriesAreCappedAt1024Seconds() {
        assertThat(schedule.infrastructureDelay(20)).isEqualTo(Duration.ofSeconds(1024));
    }

    private record FixedRandom(double value) implements RandomGenerator {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return value;
        }
    }
}

package dev.kiln.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** bindings.md §6: Cloudflare's five-field cron syntax in UTC, with L, W and #. */
class CronScheduleTest {

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "*/15 * * * *   | 2026-03-01T10:07:00Z | 2026-03-01T10:15:00Z",
            "0 0 1 JAN *    | 2026-03-01T00:00:00Z | 2027-01-01T00:00:00Z",
            "0 12 * * mon-fri | 2026-03-07T13:00:00Z | 2026-03-09T12:00:00Z",
            "59 23 LW * *   | 2026-05-01T00:00:00Z | 2026-05-29T23:59:00Z",
            "0 18 * * 6L    | 2026-05-01T00:00:00Z | 2026-05-29T18:00:00Z",
            "0 9 * * 2#1    | 2026-06-02T00:00:00Z | 2026-07-06T09:00:00Z",
            "0 0 L * *      | 2026-02-10T00:00:00Z | 2026-02-28T00:00:00Z",
            "0 0 15W * *    | 2026-08-01T00:00:00Z | 2026-08-14T00:00:00Z",
            "30 2 * * 1     | 2026-03-02T00:00:00Z | 2026-03-08T02:30:00Z",
            "0 * * * *      | 2026-03-01T10:00:00Z | 2026-03-01T11:00:00Z",
    })
    void nextFiringInUtc(String cron, String after, String expected) {
        assertThat(CronSchedule.parse(cron.trim()).nextAfter(Instant.parse(after.trim()))).hasValue(Instant.parse(expected.trim()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * * * *", "60 * * * *", "* 24 * * *", "* * * * 8", "* * 32 * *", "garbage here", "", "* * * 13 *"})
    void rejectsInvalidExpressions(String cron) {
        assertThatThrownBy(() -> CronSchedule.parse(cron)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cron");
    }
}

package dev.kiln.bindings.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.kiln.api.RateLimiter;
import dev.kiln.spi.MutableClock;
import org.junit.jupiter.api.Test;

/** The contract run against the in-process counters a running Kiln uses, plus their key cap. */
class InProcessRateLimiterContractTest extends RateLimiterContract {

    @Override
    protected Limiters start(MutableClock clock) {
        RateLimitNamespaces namespaces = new RateLimitNamespaces(clock, RateLimitNamespaces.maxKeysSetting());
        return new Limiters() {
            @Override
            public RateLimiter open(String namespaceId, long limit, int periodSeconds) {
                return namespaces.limiter(namespaceId, limit, periodSeconds);
            }

            @Override
            public long trackedKeys() {
                return namespaces.trackedKeys();
            }
        };
    }

    @Test
    void atMostMaxKeysAreTrackedPerNamespaceEvenWithinOnePeriod() {
        RateLimitNamespaces capped = new RateLimitNamespaces(clock, 10_000);
        RateLimiter limiter = capped.limiter("1001", 1, 60);
        for (int i = 0; i < 1_000_000; i++) {
            limiter.limit("client-" + i);
        }
        assertThat(capped.trackedKeys()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void aNullKeyIsRefused() {
        RateLimiter limiter = limiters.open("1001", 1, 10);
        assertThatNullPointerException().isThrownBy(() -> limiter.limit(null)).withMessage("key");
    }
}

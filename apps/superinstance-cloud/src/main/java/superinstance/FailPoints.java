package superinstance;

import dev.kiln.api.Env;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for tests of crash safety: the {@code FAILPOINTS} var, e.g.
 * {@code "flush.after-insert=1,ledger.record=2"}, makes the named step fail that many times, as a crash there
 * would. Unset (as in every deployment), nothing fails. The points: {@code flush.before-insert},
 * {@code flush.after-insert} (the D1 insert committed, the ledger not yet marked), {@code ledger.record},
 * {@code usage.outbox} (the outbox insert before the response); and
 * {@code usage.before-record}, which {@link #hang}s instead: the process stalls after the response, before the
 * usage reaches the ledger, for a kill -9 to land there.
 */
final class FailPoints {

    /** Remaining failures per point, shared by the worker and its objects (one class loader per version). */
    private static final Map<String, AtomicInteger> REMAINING = new ConcurrentHashMap<>();

    private FailPoints() {
    }

    static void check(Env env, String point) {
        String spec = env.optionalVar("FAILPOINTS").orElse("");
        if (spec.isBlank()) {
            return;
        }
        AtomicInteger remaining = REMAINING.computeIfAbsent(point, p -> new AtomicInteger(times(spec, p)));
        if (remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("injected failure at " + point);
        }
    }

    /** Blocks the calling thread for good (until interrupted) while the point has failures left. */
    static void hang(Env env, String point) {
        try {
            check(env, point);
        } catch (IllegalStateException injected) {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw injected;
            }
        }
    }

    private static int times(String spec, String point) {
        for (String entry : spec.split(",")) {
            String[] kv = entry.trim().split("=", 2);
            if (kv[0].equals(point)) {
                return kv.length == 2 ? Integer.parseInt(kv[1].trim()) : 1;
            }
        }
        return 0;
    }
}

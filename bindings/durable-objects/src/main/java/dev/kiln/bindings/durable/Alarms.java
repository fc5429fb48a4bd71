package dev.kiln.bindings.durable;

import dev.kiln.api.AlarmInvocationInfo;
import dev.kiln.spi.KilnThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires Durable Object alarms (bindings.md §2.7): at least once, as an event of the object. The object's
 * storage is the truth: a firing whose time no longer matches the stored alarm is dropped. The alarm is cleared
 * in the same transaction as the handler runs, so a handler that throws leaves it set, and it is retried on
 * {@link RetrySchedule}; after the last retry it is deleted. The retry count is kept in the object's storage, so a
 * restart continues the schedule rather than starting it over. Timers run on one platform thread; handlers on
 * virtual threads.
 */
final class Alarms implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Alarms.class);

    private enum Outcome { RAN, STALE }

    /** The object's metadata key holding {@code <alarm time>:<retries so far>} for a failing alarm. */
    static final String RETRY_META = "alarm_retry";

    private final DurableObjects registry;
    private final RetrySchedule schedule;
    private final ScheduledExecutorService timer = KilnThreads.scheduler("kiln-do-alarms");
    private final Map<ObjectKey, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    /** Orders arming against the timer: a firing due at once must find itself in {@link #pending}. */
    private final ReentrantLock lock = new ReentrantLock();

    Alarms(DurableObjects registry, RetrySchedule schedule) {
        this.registry = registry;
        this.schedule = schedule;
    }

    /** Re-arms the alarms recorded in storage (after a restart). */
    void rearm(List<DurableObjectStores.IndexedAlarm> alarms) {
        for (DurableObjectStores.IndexedAlarm a : alarms) {
            schedule(ObjectKey.of(a.namespace(), a.objectId()), OptionalLong.of(a.epochMillis()));
        }
        if (!alarms.isEmpty()) {
            LOG.info("re-armed {} Durable Object alarm(s) from storage", alarms.size());
        }
    }

    /** Replaces the object's pending firing (and any retry) with one at {@code at}, or none. */
    void schedule(ObjectKey key, OptionalLong at) {
        if (at.isEmpty()) {
            cancel(key);
            return;
        }
        arm(key, at.getAsLong(), Math.max(0, at.getAsLong() - System.currentTimeMillis()), 0, 0);
    }

    private void cancel(ObjectKey key) {
        lock.lock();
        try {
            ScheduledFuture<?> previous = pending.remove(key);
            if (previous != null) {
                previous.cancel(false);
            }
        } finally {
            lock.unlock();
        }
    }

    private void arm(ObjectKey key, long at, long delayMillis, int retry, int infrastructureAttempt) {
        if (timer.isShutdown()) {
            return;
        }
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        lock.lock();
        try {
            self[0] = timer.schedule(() -> {
                boolean due;
                lock.lock();
                try {
                    due = pending.remove(key, self[0]);
                } finally {
                    lock.unlock();
                }
                if (due) {
                    KilnThreads.start("kiln-do-alarm", () -> fire(key, at, retry, infrastructureAttempt));
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> previous = pending.put(key, self[0]);
            if (previous != null) {
                previous.cancel(false);
            }
        } finally {
            lock.unlock();
        }
    }

    private void fire(ObjectKey key, long at, int armedRetry, int infrastructureAttempt) {
        int[] retry = {armedRetry};
        try {
            registry.call(key, Optional.empty(), live -> {
                var db = live.database();
                OptionalLong stored = db.alarm();
                if (stored.isEmpty() || stored.getAsLong() != at) {
                    return Outcome.STALE;
                }
                retry[0] = Math.max(armedRetry, storedRetries(db.meta(RETRY_META), at));
                db.setAlarm(OptionalLong.empty());
                live.host().markAlarmChanged();
                live.instance().alarm(new AlarmInvocationInfo(retry[0], retry[0] > 0, Instant.ofEpochMilli(at)));
                return Outcome.RAN;
            });
        } catch (ObjectUnavailableException e) {
            Duration wait = schedule.infrastructureDelay(infrastructureAttempt);
            LOG.warn("alarm of Durable Object {} could not run ({}); trying again in {} s (not counted as a retry)", key, e.getMessage(), wait.toSeconds());
            armIfNotReplaced(key, at, wait, retry[0], infrastructureAttempt + 1);
        } catch (RuntimeException | Error e) {
            int failed = retry[0];
            if (schedule.retries(failed)) {
                Duration wait = schedule.delay(failed, RandomGenerator.getDefault());
                LOG.warn("alarm handler of Durable Object {} failed (attempt {}); retrying in {} ms: {}", key, failed + 1, wait.toMillis(), e.toString());
                recordRetry(key, at, failed + 1);
                armIfNotReplaced(key, at, wait, failed + 1, infrastructureAttempt);
            } else {
                LOG.error("alarm handler of Durable Object {} failed {} times; the alarm is deleted", key, failed + 1, e);
                drop(key, at);
            }
        }
    }

    /** @return the retries recorded for the alarm at {@code at} ({@code <at>:<retries>}), 0 if none or another alarm's */
    static int storedRetries(Optional<String> meta, long at) {
        if (meta.isEmpty()) {
            return 0;
        }
        String[] parts = meta.get().split(":");
        return parts.length == 2 && parts[0].equals(Long.toString(at)) ? Integer.parseInt(parts[1]) : 0;
    }

    /** Keeps the retry count with the alarm, durably, so a restart resumes the schedule. */
    private void recordRetry(ObjectKey key, long at, int retries) {
        try {
            registry.call(key, Optional.empty(), live -> {
                OptionalLong stored = live.database().alarm();
                if (stored.isPresent() && stored.getAsLong() == at) {
                    live.database().setMeta(RETRY_META, at + ":" + retries);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not record the retry count of the alarm of Durable Object {}", key, e);
        }
    }

    /** Arms a retry unless an alarm set meanwhile already took its place (that one runs instead). */
    private void armIfNotReplaced(ObjectKey key, long at, Duration wait, int retry, int infrastructureAttempt) {
        lock.lock();
        try {
            if (!pending.containsKey(key)) {
                arm(key, at, wait.toMillis(), retry, infrastructureAttempt);
            }
        } finally {
            lock.unlock();
        }
    }

    private void drop(ObjectKey key, long at) {
        try {
            registry.call(key, Optional.empty(), live -> {
                OptionalLong stored = live.database().alarm();
                if (stored.isPresent() && stored.getAsLong() == at) {
                    live.database().setAlarm(OptionalLong.empty());
                    live.host().markAlarmChanged();
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("could not delete the abandoned alarm of Durable Object {}", key, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pending.clear();
    }
}

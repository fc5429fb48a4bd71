package dev.kiln.runtime;

import dev.kiln.spi.KilnThreads;
import dev.kiln.config.CronSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires each worker's {@code triggers.crons} in UTC (bindings.md §6). Every firing runs on its own virtual
 * thread against the worker's live version at that moment; a failing run is logged, never retried.
 */
final class CronScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);

    private final ScheduledExecutorService timer = KilnThreads.scheduler("kiln-cron");
    private final Map<String, List<ScheduledFuture<?>>> byWorker = new ConcurrentHashMap<>();
    private final Function<String, Optional<Deployment>> live;
    private final Dispatcher dispatcher;

    public CronScheduler(Function<String, Optional<Deployment>> live, Dispatcher dispatcher) {
        this.live = live;
        this.dispatcher = dispatcher;
    }

    /** (Re)schedules the crons of a worker's configuration, replacing any earlier schedule. */
    public void schedule(Deployment deployment) {
        cancel(deployment.name());
        List<ScheduledFuture<?>> futures = new ArrayList<>();
        byWorker.put(deployment.name(), futures);
        for (String cron : deployment.config().crons()) {
            scheduleNext(deployment.name(), CronSchedule.parse(cron), Instant.now());
        }
    }

    /** Stops firing a worker's crons. */
    public void cancel(String worker) {
        List<ScheduledFuture<?>> futures = byWorker.remove(worker);
        if (futures != null) {
            synchronized (futures) {
                futures.forEach(f -> f.cancel(false));
            }
        }
    }

    private void scheduleNext(String worker, CronSchedule schedule, Instant after) {
        Optional<Instant> next = schedule.nextAfter(after);
        List<ScheduledFuture<?>> futures = byWorker.get(worker);
        if (next.isEmpty() || futures == null) {
            return;
        }
        Instant at = next.get();
        long delay = Math.max(0, at.toEpochMilli() - System.currentTimeMillis());
        ScheduledFuture<?> future = timer.schedule(() -> {
            KilnThreads.start("kiln-cron-" + worker, () -> fire(worker, schedule.expression(), at));
            scheduleNext(worker, schedule, at);
        }, delay, TimeUnit.MILLISECONDS);
        synchronized (futures) {
            futures.removeIf(ScheduledFuture::isDone);
            futures.add(future);
        }
    }

    private void fire(String worker, String cron, Instant at) {
        live.apply(worker).ifPresentOrElse(
                d -> dispatcher.scheduled(d, cron, at),
                () -> LOG.warn("cron '{}' fired for worker '{}', which is no longer running", cron, worker));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

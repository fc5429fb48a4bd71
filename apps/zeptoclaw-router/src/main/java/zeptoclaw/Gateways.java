package zeptoclaw;

import dev.kiln.api.ExecutionContext;
import dev.kiln.api.KvNamespace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Health of every gateway, exact under concurrency: one Kiln process runs this worker, so the counters live
 * in memory behind a lock and every change is persisted (whole snapshot, newest version wins) to the
 * {@code GATEWAY_HEALTH} KV namespace, from which they are restored after a restart. Persisting happens in
 * {@code waitUntil}, after the response, at most once per {@link #PERSIST_INTERVAL_MS}: these are operational
 * statistics, so a crash may lose the last second of them, and busy traffic does not pay a durable write per
 * request. (Across several Kiln nodes the counters would belong in a Durable Object; KV's last-writer-wins
 * would lose counts there.)
 */
final class Gateways {

    private static final String KEY = "gateways";
    static final long PERSIST_INTERVAL_MS = 1_000;

    private final KvNamespace kv;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock persistLock = new ReentrantLock();
    private final Map<String, Gateway> byUrl = new LinkedHashMap<>();
    private long version;
    private long persistedVersion;
    private long persistedAt;
    private boolean flushPending;

    @SuppressWarnings("unchecked")
    Gateways(List<String> urls, KvNamespace kv) {
        this.kv = kv;
        Map<String, Object> stored = kv.getJson(KEY, Map.class).orElse(Map.of());
        List<Map<String, Object>> saved = (List<Map<String, Object>>) stored.getOrDefault("gateways", List.of());
        for (String url : urls) {
            Gateway restored = saved.stream().filter(g -> url.equals(g.get("url"))).findFirst().map(Gateway::fromJson).orElse(null);
            byUrl.put(url, restored != null ? restored : new Gateway(url));
        }
    }

    /** Healthy gateways in priority order, then the cooling ones by soonest recovery. */
    List<String> attemptOrder(long now) {
        lock.lock();
        try {
            List<Gateway> healthy = new ArrayList<>();
            List<Gateway> cooling = new ArrayList<>();
            for (Gateway g : byUrl.values()) {
                (g.coolingDown(now) ? cooling : healthy).add(g);
            }
            cooling.sort(Comparator.comparingLong(g -> g.cooldownUntil));
            healthy.addAll(cooling);
            return healthy.stream().map(g -> g.url).toList();
        } finally {
            lock.unlock();
        }
    }

    void success(String url, long latencyMs, ExecutionContext ctx) {
        update(url, g -> g.success(latencyMs, System.currentTimeMillis()), ctx);
    }

    void failure(String url, String error, ExecutionContext ctx) {
        update(url, g -> g.failure(error, System.currentTimeMillis()), ctx);
    }

    /**
     * The gateways due for an active probe ({@link Gateway#probeDue}), in priority order. Each is marked as
     * probed now, so a probe round that overlaps a slow one does not probe it twice.
     */
    List<String> claimProbes(long now, long intervalMs) {
        lock.lock();
        try {
            List<String> due = new ArrayList<>();
            for (Gateway g : byUrl.values()) {
                if (g.probeDue(now, intervalMs)) {
                    g.lastProbeAt = now;
                    due.add(g.url);
                }
            }
            return due;
        } finally {
            lock.unlock();
        }
    }

    void probed(String url, java.util.Optional<String> failure, ExecutionContext ctx) {
        update(url, g -> g.probed(failure, System.currentTimeMillis()), ctx);
    }

    private void update(String url, java.util.function.Consumer<Gateway> change, ExecutionContext ctx) {
        lock.lock();
        try {
            change.accept(byUrl.get(url));
            version++;
            if (flushPending) {
                return; // the flush already scheduled will write this change too
            }
            flushPending = true;
        } finally {
            lock.unlock();
        }
        ctx.waitUntil(this::flushSoon);
    }

    /** Writes now if the last write is old enough, else waits out the interval first (one flush pending at a time). */
    private void flushSoon() {
        long wait;
        lock.lock();
        try {
            wait = persistedAt + PERSIST_INTERVAL_MS - System.currentTimeMillis();
        } finally {
            lock.unlock();
        }
        try {
            if (wait > 0) {
                Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: write what we have
        } finally {
            lock.lock();
            try {
                flushPending = false;
            } finally {
                lock.unlock();
            }
            persist();
        }
    }

    /** Writes the newest snapshot, unless a newer or equal one was already written. */
    void persist() {
        persistLock.lock();
        try {
            Map<String, Object> snapshot;
            long snapshotVersion;
            lock.lock();
            try {
                if (version <= persistedVersion) {
                    return;
                }
                snapshotVersion = version;
                snapshot = Map.of("gateways", json(System.currentTimeMillis()));
            } finally {
                lock.unlock();
            }
            kv.put(KEY, dev.kiln.api.Json.stringify(snapshot));
            persistedVersion = snapshotVersion;
            persistedAt = System.currentTimeMillis();
        } finally {
            persistLock.unlock();
        }
    }

    List<Map<String, Object>> json(long now) {
        lock.lock();
        try {
            return byUrl.values().stream().map(g -> g.toJson(now)).toList();
        } finally {
            lock.unlock();
        }
    }

    /** @return ok (all healthy), degraded (some cooling down) or down (all cooling down) */
    String overall(long now) {
        lock.lock();
        try {
            long cooling = byUrl.values().stream().filter(g -> g.coolingDown(now)).count();
            return cooling == 0 ? "ok" : cooling < byUrl.size() ? "degraded" : "down";
        } finally {
            lock.unlock();
        }
    }

    void reset(ExecutionContext ctx) {
        lock.lock();
        try {
            byUrl.replaceAll((url, g) -> new Gateway(url));
            version++;
        } finally {
            lock.unlock();
        }
        persist();
    }
}

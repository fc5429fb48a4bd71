package zeptoclaw;

import dev.kiln.api.Json;
import dev.kiln.api.KvNamespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the router knows about the local agent: heartbeats (last 100), downtime periods and incidents
 * (last 50), kept in the {@code ZEPTOCLAW_STATE} KV namespace. Each change is written before the request
 * is answered, so an acknowledged heartbeat or incident survives a restart.
 *
 * <p>KV is the only copy: every change reads the lists it changes from KV, changes them and writes them back,
 * under a lock. Concurrent requests in this process therefore lose nothing, and a write made elsewhere (an
 * operator's {@code kiln kv key put}) is kept by the next change once KV shows it (within 1 s in Kiln). KV has
 * no compare-and-swap, so with several nodes writing this state would have to move into a Durable Object.
 */
final class AgentState {

    static final int MAX_HEARTBEATS = 100;
    static final int MAX_INCIDENTS = 50;
    static final int MAX_DOWNTIMES = 100;
    static final long UPTIME_WINDOW_MS = 24 * 60 * 60 * 1000L;

    private final KvNamespace kv;
    private final long timeoutMs;
    private final ReentrantLock lock = new ReentrantLock();

    AgentState(KvNamespace kv, long timeoutMs) {
        this.kv = kv;
        this.timeoutMs = timeoutMs;
    }

    /** @return a mutable copy of the list stored under the key, read from KV now */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> load(String key) {
        return new ArrayList<>(kv.getJson(key, List.class).orElse(List.of()));
    }

    /** Records a heartbeat; closes an open downtime (the recovery). */
    Map<String, Object> heartbeat(Map<String, Object> beat, long now) {
        lock.lock();
        try {
            List<Map<String, Object>> heartbeats = load("heartbeats");
            List<Map<String, Object>> downtimes = load("downtimes");
            Map<String, Object> entry = new LinkedHashMap<>(beat);
            entry.put("receivedAt", now);
            heartbeats.add(entry);
            while (heartbeats.size() > MAX_HEARTBEATS) {
                heartbeats.remove(0);
            }
            Map<String, Object> recovered = openDowntime(downtimes);
            if (recovered != null) {
                recovered.put("endedAt", now);
                recovered.put("durationMs", now - ((Number) recovered.get("startedAt")).longValue());
                save("downtimes", downtimes);
            }
            save("heartbeats", heartbeats);
            return recovered == null ? Map.of("recorded", true) : Map.of("recorded", true, "recovered", recovered);
        } finally {
            lock.unlock();
        }
    }

    /** The cron's check: a missed heartbeat opens a downtime record. @return whether one was opened */
    boolean detectDowntime(long now) {
        lock.lock();
        try {
            List<Map<String, Object>> downtimes = load("downtimes");
            Map<String, Object> last = lastHeartbeat(load("heartbeats"));
            if (last == null || openDowntime(downtimes) != null || now - receivedAt(last) <= timeoutMs) {
                return false;
            }
            Map<String, Object> down = new LinkedHashMap<>();
            down.put("startedAt", receivedAt(last));
            down.put("detectedAt", now);
            down.put("endedAt", null);
            downtimes.add(down);
            while (downtimes.size() > MAX_DOWNTIMES) {
                downtimes.remove(0);
            }
            save("downtimes", downtimes);
            return true;
        } finally {
            lock.unlock();
        }
    }

    Map<String, Object> reportIncident(Map<String, Object> report, long now) {
        lock.lock();
        try {
            Map<String, Object> incident = new LinkedHashMap<>();
            incident.put("id", UUID.randomUUID().toString());
            incident.putAll(report);
            incident.put("reportedAt", now);
            List<Map<String, Object>> incidents = load("incidents");
            incidents.add(incident);
            while (incidents.size() > MAX_INCIDENTS) {
                incidents.remove(0);
            }
            save("incidents", incidents);
            return incident;
        } finally {
            lock.unlock();
        }
    }

    /** @return the incidents, newest first */
    List<Map<String, Object>> incidents() {
        lock.lock();
        try {
            List<Map<String, Object>> newestFirst = load("incidents");
            java.util.Collections.reverse(newestFirst);
            return newestFirst;
        } finally {
            lock.unlock();
        }
    }

    void clearIncidents() {
        lock.lock();
        try {
            save("incidents", List.of());
        } finally {
            lock.unlock();
        }
    }

    void reset() {
        lock.lock();
        try {
            save("heartbeats", List.of());
            save("downtimes", List.of());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Heartbeats, downtime periods and metrics as of now. A missed heartbeat shows as an open downtime even
     * before the cron has recorded it.
     */
    Map<String, Object> json(long now) {
        lock.lock();
        try {
            List<Map<String, Object>> heartbeats = load("heartbeats");
            List<Map<String, Object>> periods = load("downtimes");
            Map<String, Object> last = lastHeartbeat(heartbeats);
            boolean down = last != null && now - receivedAt(last) > timeoutMs;
            if (down && openDowntime(periods) == null) {
                Map<String, Object> pending = new LinkedHashMap<>();
                pending.put("startedAt", receivedAt(last));
                pending.put("detectedAt", now);
                pending.put("endedAt", null);
                periods.add(pending);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("agentStatus", last == null ? "unknown" : down ? "down" : "up");
            out.put("lastHeartbeat", last);
            out.put("heartbeatTimeoutMs", timeoutMs);
            out.put("uptimeWindowMs", UPTIME_WINDOW_MS);
            out.put("uptime", uptime(heartbeats, periods, now));
            out.put("heartbeatCount", heartbeats.size());
            out.put("heartbeats", heartbeats);
            out.put("downtimes", periods);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Share of the window (or of the time since the first heartbeat, if later) not inside a downtime. */
    private static double uptime(List<Map<String, Object>> heartbeats, List<Map<String, Object>> periods, long now) {
        if (heartbeats.isEmpty() && periods.isEmpty()) {
            return 1.0;
        }
        long first = heartbeats.isEmpty() ? now - UPTIME_WINDOW_MS : receivedAt(heartbeats.get(0));
        for (Map<String, Object> p : periods) {
            first = Math.min(first, ((Number) p.get("startedAt")).longValue());
        }
        long from = Math.max(now - UPTIME_WINDOW_MS, first);
        long span = now - from;
        if (span <= 0) {
            return 1.0;
        }
        long down = 0;
        for (Map<String, Object> p : periods) {
            long start = Math.max(from, ((Number) p.get("startedAt")).longValue());
            long end = p.get("endedAt") == null ? now : Math.min(now, ((Number) p.get("endedAt")).longValue());
            down += Math.max(0, end - start);
        }
        return Math.round(1000.0 * (span - Math.min(down, span)) / span) / 1000.0;
    }

    private static Map<String, Object> lastHeartbeat(List<Map<String, Object>> heartbeats) {
        return heartbeats.isEmpty() ? null : heartbeats.get(heartbeats.size() - 1);
    }

    private static Map<String, Object> openDowntime(List<Map<String, Object>> downtimes) {
        return downtimes.stream().filter(d -> d.get("endedAt") == null).findFirst().orElse(null);
    }

    private static long receivedAt(Map<String, Object> heartbeat) {
        return ((Number) heartbeat.get("receivedAt")).longValue();
    }

    private void save(String key, List<Map<String, Object>> value) {
        kv.put(key, Json.stringify(value));
    }
}

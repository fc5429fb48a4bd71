package superinstance;

import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.Env;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One user's sync coordination: a lock with a lease, so two devices do not sync at once (a holder that
 * crashed loses it when the lease runs out), and the last sync time per kind.
 */
public final class SyncState implements DurableObject, SyncLock {

    /** The stored lease. */
    public record Lease(String holder, long expiresAtMs) {
    }

    private final DurableObjectStorage storage;

    public SyncState(DurableObjectState state, Env env) {
        this.storage = state.storage();
    }

    @Override
    public Lock acquire(String holder, long leaseMs) {
        long now = System.currentTimeMillis();
        Optional<Lease> current = storage.get("lock", Lease.class).filter(l -> l.expiresAtMs() > now);
        if (current.isPresent() && !current.get().holder().equals(holder)) {
            return new Lock(false, current.get().expiresAtMs());
        }
        Lease lease = new Lease(holder, now + leaseMs);
        storage.put("lock", lease);
        return new Lock(true, lease.expiresAtMs());
    }

    @Override
    public boolean renew(String holder, long leaseMs) {
        if (storage.get("lock", Lease.class).filter(l -> l.holder().equals(holder)).isEmpty()) {
            return false;
        }
        storage.put("lock", new Lease(holder, System.currentTimeMillis() + leaseMs));
        return true;
    }

    @Override
    public void release(String holder) {
        if (storage.get("lock", Lease.class).filter(l -> l.holder().equals(holder)).isPresent()) {
            storage.delete("lock");
        }
    }

    @Override
    public void completed(String kind) {
        storage.put("last:" + kind, System.currentTimeMillis());
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> last = new LinkedHashMap<>();
        for (String kind : new String[] {"settings", "knowledge", "lora", "history"}) {
            last.put(kind, storage.get("last:" + kind, Long.class).orElse(null));
        }
        long now = System.currentTimeMillis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("last_sync", last);
        out.put("locked_until", storage.get("lock", Lease.class).filter(l -> l.expiresAtMs() > now).map(Lease::expiresAtMs).orElse(null));
        return out;
    }
}

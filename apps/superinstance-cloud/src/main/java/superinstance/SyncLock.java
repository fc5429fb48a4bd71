package superinstance;

import java.util.Map;

/** A user's sync coordination, the RPC interface of {@link SyncState}. */
public interface SyncLock {

    /** Takes the lock for {@code holder} unless another holder's lease is still running. */
    Lock acquire(String holder, long leaseMs);

    /** Extends the holder's lease; false if it no longer holds the lock. */
    boolean renew(String holder, long leaseMs);

    void release(String holder);

    /** Notes a completed sync of this kind (settings, knowledge, lora, history). */
    void completed(String kind);

    /** The last sync time per kind and the lock's expiry, if held. */
    Map<String, Object> status();

    /** @param acquired whether the caller holds the lock now; else {@code expiresAtMs} is the holder's */
    record Lock(boolean acquired, long expiresAtMs) {
    }
}

package dev.kiln.bindings.kv;

import java.util.List;
import java.util.Optional;

/**
 * One KV namespace's storage. Keys are compared by their UTF-8 bytes. Expiry is the binding's business,
 * except that a backend never returns an entry whose expiration is at or before the {@code now} it is given.
 * Every write is durable when the call returns.
 */
public interface KvStore {

    /** @return the live entry for the key */
    Optional<KvEntry> get(String key, long nowEpochSeconds);

    /** Inserts or replaces the entry (last writer wins). */
    void put(String key, KvEntry entry);

    /** Removes the key if present. */
    void delete(String key);

    /**
     * @param prefix only keys starting with this ("" for all)
     * @param startAfter only keys after this one, if set
     * @param limit at most this many keys
     * @return live keys in UTF-8 byte order
     */
    List<KvKey> list(String prefix, Optional<String> startAfter, int limit, long nowEpochSeconds);

    /**
     * A stored value.
     *
     * @param value the bytes
     * @param expiration epoch seconds, or 0 for none
     * @param metadata serialized JSON metadata, if any
     */
    record KvEntry(byte[] value, long expiration, Optional<String> metadata) {
    }

    /** A listed key with its expiration (epoch seconds, 0 for none) and serialized metadata. */
    record KvKey(String name, long expiration, Optional<String> metadata) {
    }
}

package dev.kiln.runtime.internal;

import dev.kiln.runtime.internal.durable.DurableObjects;
import dev.kiln.storage.KvStore;
import dev.kiln.storage.StorageBackend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide resources behind bindings: one store per KV namespace (and per database, bucket, ...),
 * shared by every worker and every version of a worker that binds it, so caches and writers are not
 * duplicated. Thread-safe.
 */
public final class BindingResources {

    private final StorageBackend storage;
    private final Map<String, KvStore> kvStores = new ConcurrentHashMap<>();
    private volatile DurableObjects durableObjects;

    public BindingResources(StorageBackend storage) {
        this.storage = storage;
    }

    /** @return the cached store of a KV namespace, shared by all its bindings in this process */
    KvStore kv(String namespaceId) {
        return kvStores.computeIfAbsent(namespaceId, id -> new KvReadCache(storage.kv(id)));
    }

    /** @return every Durable Object of the process (created on first use) */
    public DurableObjects durableObjects() {
        DurableObjects d = durableObjects;
        if (d == null) {
            synchronized (this) {
                d = durableObjects;
                if (d == null) {
                    d = new DurableObjects(storage);
                    durableObjects = d;
                }
            }
        }
        return d;
    }

    /** Closes what the resources opened (live Durable Objects finish their queued events first). */
    public void close() {
        if (durableObjects != null) {
            durableObjects.close();
        }
    }

    /** @return the backend the resources come from */
    public StorageBackend storage() {
        return storage;
    }
}

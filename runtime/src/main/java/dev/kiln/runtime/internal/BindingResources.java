package dev.kiln.runtime.internal;

import dev.kiln.runtime.internal.durable.DurableObjects;
import dev.kiln.storage.D1Store;
import dev.kiln.storage.KvStore;
import dev.kiln.storage.StorageBackend;
import dev.kiln.storage.r2.R2BucketHandle;
import dev.kiln.storage.r2.R2Buckets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide resources behind bindings: one store per KV namespace (and per database, bucket, ...),
 * shared by every worker and every version of a worker that binds it, so caches and writers are not
 * duplicated. Thread-safe.
 */
public final class BindingResources {

    private final StorageBackend storage;
    private final R2Buckets r2Buckets;
    private final Map<String, KvStore> kvStores = new ConcurrentHashMap<>();
    private final Map<String, D1Store> d1Stores = new ConcurrentHashMap<>();
    private volatile DurableObjects durableObjects;

    public BindingResources(StorageBackend storage) {
        this.storage = storage;
        this.r2Buckets = new R2Buckets(storage);
    }

    /** @return the cached store of a KV namespace, shared by all its bindings in this process */
    KvStore kv(String namespaceId) {
        return kvStores.computeIfAbsent(namespaceId, id -> new KvReadCache(storage.kv(id)));
    }

    /** @return the store of a D1 database, shared by all its bindings in this process */
    D1Store d1(String database) {
        return d1Stores.computeIfAbsent(database, storage::d1);
    }

    /**
     * @return an R2 bucket, created if missing (as wrangler dev does for a binding's bucket); one handle per
     *     bucket in this process, renewed if another process deletes and recreates the bucket
     */
    R2BucketHandle r2(String bucketName) {
        return r2Buckets.bucketCreatingIfMissing(bucketName);
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

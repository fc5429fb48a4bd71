package dev.kiln.storage;

import java.util.List;

/**
 * A place bindings keep their data: the embedded directory of SQLite files, or a cluster backend. Opening
 * the same namespace twice returns stores over the same data. Closing the backend closes its stores.
 */
public interface StorageBackend extends AutoCloseable {

    /** @return the store of a KV namespace, created if new (the id comes from the binding's config) */
    KvStore kv(String namespaceId);

    /** @return the KV namespaces that exist */
    List<String> kvNamespaces();

    /** Deletes a KV namespace and its data; returns false if it did not exist. */
    boolean deleteKv(String namespaceId);

    /** @return the object store of a bucket, if the bucket exists */
    java.util.Optional<ObjectStore> bucket(String name);

    /**
     * Creates an empty bucket (the name is checked by the caller).
     *
     * @return false if it already existed
     */
    boolean createBucket(String name);

    /** @return the buckets that exist, by name */
    List<ObjectStore.BucketInfo> buckets();

    /**
     * Deletes an empty bucket.
     *
     * @return false if it did not exist
     * @throws dev.kiln.api.R2Exception BucketNotEmpty if it holds objects or unfinished uploads
     */
    boolean deleteBucket(String name);

    /** @return where the data lives, for people ("/path/to/state", "postgresql://...") */
    String describe();

    @Override
    void close();
}

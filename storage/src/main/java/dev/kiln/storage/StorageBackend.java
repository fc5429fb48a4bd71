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

    /** @return the store of a D1 database, created if new (the name is the binding's {@code database_name}) */
    D1Store d1(String database);

    /** @return the D1 databases that exist */
    List<String> d1Databases();

    /** Deletes a D1 database and its data; returns false if it did not exist. */
    boolean deleteD1(String database);

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

    /**
     * @param namespace the Durable Object namespace's directory name ({@code <script>.<class>})
     * @param objectId the object's id (64 hex digits)
     * @return the object's database, created if new; the caller closes it
     */
    ObjectDatabase openObject(String namespace, String objectId);

    /**
     * @return an existing object's database, read-only (for people inspecting it, also while Kiln runs)
     * @throws StorageException if the object has no storage
     */
    ObjectDatabase openObjectReadOnly(String namespace, String objectId);

    /** @return the ids of the objects of a Durable Object namespace that have storage */
    List<String> objects(String namespace);

    /** @return the Durable Object namespaces that have storage ({@code <script>.<class>}) */
    List<String> objectNamespaces();

    /** Moves a Durable Object namespace's objects to another name (a renamed or transferred class). */
    void renameObjectNamespace(String from, String to);

    /** Deletes a Durable Object namespace and all its objects; returns false if it had none. */
    boolean deleteObjectNamespace(String namespace);

    /**
     * Records when an object's alarm fires (empty to forget it), so alarms can be re-armed after a restart
     * without opening every object. Durable when it returns.
     */
    void indexAlarm(String namespace, String objectId, java.util.OptionalLong epochMillis);

    /** @return every alarm recorded by {@link #indexAlarm}: namespace, object id, epoch milliseconds */
    List<IndexedAlarm> indexedAlarms();

    /** @return the stored record of the migrations applied to a worker's Durable Object classes (JSON), if any */
    java.util.Optional<String> objectMigrations(String script);

    /** Stores the record of applied migrations (JSON), durably. */
    void saveObjectMigrations(String script, String json);

    /** An alarm of {@link #indexedAlarms()}. */
    record IndexedAlarm(String namespace, String objectId, long epochMillis) {
    }

    /** @return where the data lives, for people ("/path/to/state", "postgresql://...") */
    String describe();

    @Override
    void close();
}

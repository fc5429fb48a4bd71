package dev.kiln.bindings.durable;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A backend's Durable Object storage (the store SPI of this kind): one database per object, grouped by namespace
 * ({@code <script>.<class>}), plus an index of alarm times and of the migrations applied to each worker's classes.
 * Thread-safe.
 */
public interface DurableObjectStores {

    /**
     * @param namespace the namespace ({@code <script>.<class>})
     * @param objectId the object's id (64 hex digits)
     * @return the object's database, created if new; the caller closes it
     */
    ObjectDatabase open(String namespace, String objectId);

    /**
     * @return an existing object's database, read-only (for people inspecting it, also while Kiln runs)
     * @throws dev.kiln.spi.StorageException if the object has no storage
     */
    ObjectDatabase openReadOnly(String namespace, String objectId);

    /** @return the ids of the objects of a namespace that have storage */
    List<String> objects(String namespace);

    /** @return the namespaces that have storage */
    List<String> namespaces();

    /** Moves a namespace's objects to another name (a renamed or transferred class). */
    void rename(String from, String to);

    /** Deletes a namespace and all its objects; returns false if it had none. */
    boolean delete(String namespace);

    /** Records when an object's alarm fires (empty to forget it); durable when it returns. */
    void indexAlarm(String namespace, String objectId, OptionalLong epochMillis);

    /** @return every alarm recorded by {@link #indexAlarm} */
    List<IndexedAlarm> indexedAlarms();

    /** @return the stored record of the migrations applied to a worker's classes (JSON), if any */
    Optional<String> migrations(String script);

    /** Stores the record of applied migrations (JSON), durably. */
    void saveMigrations(String script, String json);

    /** @return where a namespace's data lives, for people */
    String location(String namespace);

    /** An alarm of {@link #indexedAlarms()}. */
    record IndexedAlarm(String namespace, String objectId, long epochMillis) {
    }
}

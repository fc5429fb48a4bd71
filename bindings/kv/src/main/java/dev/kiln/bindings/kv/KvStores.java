package dev.kiln.bindings.kv;

import java.util.List;

/** A backend's KV namespaces (the store SPI of this kind). Thread-safe. */
public interface KvStores {

    /** @return the store of a namespace, created if new (the id comes from the binding's config) */
    KvStore namespace(String id);

    /** @return the namespaces that exist, sorted */
    List<String> namespaces();

    /** Deletes a namespace and its data; returns false if it did not exist. */
    boolean delete(String id);

    /** @return where a namespace's data lives, for people (a file, a table, ...) */
    String location(String id);
}

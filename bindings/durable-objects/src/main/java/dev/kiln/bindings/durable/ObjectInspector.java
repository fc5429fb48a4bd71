package dev.kiln.bindings.durable;

import dev.kiln.api.DurableObjectException;
import dev.kiln.spi.JacksonJsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Read-only access to Durable Object storage for people: {@code kiln do ...} and the admin API. Opens each
 * object's database read-only, so it is safe while Kiln runs (it sees what has been committed).
 */
public final class ObjectInspector {

    private final DurableObjectStores storage;

    public ObjectInspector(DurableObjectStores storage) {
        this.storage = storage;
    }

    /** @return each namespace ({@code <script>.<class>}) with its object count */
    public List<Map<String, Object>> namespaces() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String ns : storage.namespaces()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("namespace", ns);
            row.put("objects", storage.objects(ns).size());
            rows.add(row);
        }
        return rows;
    }

    /** @return the namespace's objects: id, name (for ids made from a name), size and alarm */
    public List<Map<String, Object>> objects(String namespace) {
        checkNamespace(namespace);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : storage.objects(namespace)) {
            try (ObjectDatabase db = storage.openReadOnly(namespace, id)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", id);
                db.meta("name").ifPresent(n -> row.put("name", n));
                row.put("bytes", db.size());
                OptionalLong alarm = db.alarm();
                if (alarm.isPresent()) {
                    row.put("alarm", java.time.Instant.ofEpochMilli(alarm.getAsLong()).toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * @param namespace {@code <script>.<class>}
     * @param id the object id, or null to derive it from {@code name}
     * @return the object id
     * @throws IllegalArgumentException if neither is given, the id is malformed, or the object has no storage
     */
    public String resolve(String namespace, String id, String name) {
        checkNamespace(namespace);
        String resolved;
        if (id != null) {
            if (!id.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("'" + id + "' is not a Durable Object id (64 lowercase hex digits)");
            }
            resolved = id;
        } else if (name != null) {
            ObjectKey key = ObjectKey.of(namespace, "0".repeat(64));
            MigrationRecord record = storage.migrations(key.script())
                    .map(json -> JacksonJsonCodec.mapper().readValue(json, MigrationRecord.class)).orElse(MigrationRecord.empty());
            MigrationRecord.ClassRecord c = Optional.ofNullable(record.classes().get(key.className())).orElseThrow(() ->
                    new IllegalArgumentException("worker '" + key.script() + "' has no Durable Object class '" + key.className() + "' in this state directory"));
            resolved = ObjectIdImpl.fromName(c.secret(), Optional.empty(), name).hex();
        } else {
            throw new IllegalArgumentException("name the object with an id or a name");
        }
        if (!storage.objects(namespace).contains(resolved)) {
            throw new IllegalArgumentException("object " + resolved + (name != null && id == null ? " (name '" + name + "')" : "")
                    + " of " + namespace + " has no storage");
        }
        return resolved;
    }

    /** @return the value of a key, decoded from its stored JSON */
    public Optional<Object> get(String namespace, String id, String key) {
        try (ObjectDatabase db = storage.openReadOnly(namespace, id)) {
            return db.get(key).map(bytes -> JacksonJsonCodec.mapper().readValue(bytes, Object.class));
        }
    }

    /** @return entries in key order, from {@code prefix}, at most {@code limit} (0 for all) */
    public Map<String, Object> list(String namespace, String id, String prefix, int limit) {
        try (ObjectDatabase db = storage.openReadOnly(namespace, id)) {
            Map<String, Object> entries = new LinkedHashMap<>();
            for (var e : db.list(new ObjectDatabase.ListQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.ofNullable(prefix), false, Math.max(0, limit)))) {
                entries.put(e.getKey(), JacksonJsonCodec.mapper().readValue(e.getValue(), Object.class));
            }
            return entries;
        }
    }

    /**
     * Runs a query read-only.
     *
     * @return {@code {columns, rows}}
     * @throws DurableObjectException (400) if the query fails or tries to write
     */
    public Map<String, Object> sql(String namespace, String id, String query) {
        try (ObjectDatabase db = storage.openReadOnly(namespace, id)) {
            ObjectDatabase.SqlResult result = db.exec(query, List.of());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("columns", result.columns());
            out.put("rows", result.rows());
            return out;
        } catch (ObjectSqlException e) {
            throw new DurableObjectException(400, e.getMessage(), e);
        }
    }

    private static void checkNamespace(String namespace) {
        int dot = namespace.indexOf('.');
        if (dot <= 0 || dot == namespace.length() - 1) {
            throw new IllegalArgumentException("a Durable Object namespace is <worker>.<class>, got '" + namespace + "'");
        }
    }
}

package dev.kiln.bindings.durable;

import dev.kiln.api.AlarmInvocationInfo;
import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectException;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.SqlStorage;
import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.JacksonJsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.core.JacksonException;

/**
 * The key-value API of bindings.md §2.5 over an object's {@link ObjectDatabase}: JSON values, the spec's
 * limits, keys in UTF-8 byte order. Writes join the running event's transaction.
 */
final class StorageImpl implements DurableObjectStorage {

    /** bindings.md §2.5: SQLite-backed classes, key + value. */
    static final int MAX_SQLITE_ENTRY_BYTES = 2 * 1024 * 1024;
    /** bindings.md §2.5: KV-backed classes. */
    static final int MAX_KV_KEY_BYTES = 2048;
    static final int MAX_KV_VALUE_BYTES = 128 * 1024;
    /** bindings.md §2.5: keys per multi-key call. */
    static final int MAX_KEYS = 128;
    /** Compatibility date from which deleteAll also deletes the alarm (bindings.md §2.5). */
    private static final String DELETE_ALL_DELETES_ALARM = "2026-02-24";

    /** Orders keys by their UTF-8 bytes, as storage does (String.compareTo orders UTF-16 units). */
    static final Comparator<String> UTF8_ORDER = (a, b) -> java.util.Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final ObjectHost host;
    private final boolean sqlite;
    private final boolean deleteAllDeletesAlarm;
    private SqlStorageImpl sql;

    StorageImpl(ObjectHost host, boolean sqlite, WorkerConfig config) {
        this.host = host;
        this.sqlite = sqlite;
        List<String> flags = config.compatibilityFlags();
        this.deleteAllDeletesAlarm = !flags.contains("delete_all_preserves_alarm")
                && (flags.contains("delete_all_deletes_alarm") || config.compatibilityDate().compareTo(DELETE_ALL_DELETES_ALARM) >= 0);
    }

    private ObjectDatabase db(String operation) {
        host.checkEventThread("storage." + operation);
        return host.database();
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        checkKey(key);
        Objects.requireNonNull(type);
        return db("get").get(key).map(bytes -> decode(key, bytes, type));
    }

    @Override
    public SortedMap<String, Object> get(List<String> keys) {
        checkCount("get", keys.size());
        keys.forEach(this::checkKey);
        SortedMap<String, Object> values = new TreeMap<>(UTF8_ORDER);
        db("get").get(keys).forEach((k, v) -> values.put(k, decode(k, v, Object.class)));
        return values;
    }

    @Override
    public void put(String key, Object value) {
        byte[] encoded = encode(key, value);
        db("put").put(key, encoded);
        host.markDirty();
    }

    @Override
    public void put(Map<String, ?> entries) {
        checkCount("put", entries.size());
        Map<String, byte[]> encoded = new TreeMap<>(UTF8_ORDER);
        entries.forEach((k, v) -> encoded.put(k, encode(k, v)));
        ObjectDatabase db = db("put");
        encoded.forEach(db::put);
        host.markDirty();
    }

    @Override
    public boolean delete(String key) {
        checkKey(key);
        boolean existed = db("delete").delete(key);
        host.markDirty();
        return existed;
    }

    @Override
    public int delete(List<String> keys) {
        checkCount("delete", keys.size());
        keys.forEach(this::checkKey);
        ObjectDatabase db = db("delete");
        int deleted = 0;
        for (String key : keys) {
            deleted += db.delete(key) ? 1 : 0;
        }
        host.markDirty();
        return deleted;
    }

    @Override
    public SortedMap<String, Object> list(ListOptions options) {
        if (options.start().isPresent() && options.startAfter().isPresent()) {
            throw new DurableObjectException(400, "list: start and startAfter cannot both be set");
        }
        if (options.limit().isPresent() && options.limit().get() < 1) {
            throw new DurableObjectException(400, "list: limit must be a positive integer, got " + options.limit().get());
        }
        var query = new ObjectDatabase.ListQuery(options.start(), options.startAfter(), options.end(), options.prefix(),
                options.reverse(), options.limit().orElse(0));
        SortedMap<String, Object> result = new TreeMap<>(options.reverse() ? UTF8_ORDER.reversed() : UTF8_ORDER);
        for (Map.Entry<String, byte[]> e : db("list").list(query)) {
            result.put(e.getKey(), decode(e.getKey(), e.getValue(), Object.class));
        }
        return Collections.unmodifiableSortedMap(result);
    }

    @Override
    public void deleteAll() {
        ObjectDatabase db = db("deleteAll");
        OptionalLong alarm = db.alarm();
        db.deleteAll();
        if (!deleteAllDeletesAlarm && alarm.isPresent()) {
            db.setAlarm(alarm);
        }
        host.markAlarmChanged();
    }

    @Override
    public <T> T transaction(Function<DurableObjectStorage, T> body) {
        ObjectDatabase db = db("transaction");
        db.begin();
        T result;
        try {
            result = body.apply(this);
        } catch (RuntimeException | Error e) {
            db.rollback();
            throw e;
        }
        db.release();
        return result;
    }

    @Override
    public void sync() {
        db("sync");
    }

    @Override
    public Optional<Instant> getAlarm() {
        OptionalLong at = db("getAlarm").alarm();
        return at.isPresent() ? Optional.of(Instant.ofEpochMilli(at.getAsLong())) : Optional.empty();
    }

    @Override
    public void setAlarm(Instant time) {
        Objects.requireNonNull(time);
        ObjectDatabase db = db("setAlarm");
        if (!hasAlarmHandler()) {
            throw new DurableObjectException(400, "setAlarm: Durable Object class " + host.key().className()
                    + " has no alarm(AlarmInvocationInfo) handler; implement it before setting an alarm");
        }
        db.setAlarm(OptionalLong.of(time.toEpochMilli()));
        host.markAlarmChanged();
    }

    @Override
    public void deleteAlarm() {
        db("deleteAlarm").setAlarm(OptionalLong.empty());
        host.markAlarmChanged();
    }

    @Override
    public SqlStorage sql() {
        if (!sqlite) {
            throw new DurableObjectException(400, "the SQL API needs a SQLite-backed class: Durable Object class " + host.key().className()
                    + " was created with new_classes (KV-backed); a class never changes backend, so create a new class with"
                    + " new_sqlite_classes");
        }
        if (sql == null) {
            sql = new SqlStorageImpl(host);
        }
        return sql;
    }

    private boolean hasAlarmHandler() {
        try {
            Class<?> type = host.registry().currentClass(host.key());
            return type.getMethod("alarm", AlarmInvocationInfo.class).getDeclaringClass() != DurableObject.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private byte[] encode(String key, Object value) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        byte[] bytes;
        try {
            bytes = JacksonJsonCodec.mapper().writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new DurableObjectException(400, "cannot store a " + value.getClass().getName() + " under '" + key + "': "
                    + e.getOriginalMessage() + " (values are stored as JSON: records, maps, lists, strings, numbers, booleans)", e);
        }
        int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (sqlite) {
            if (keyBytes + bytes.length > MAX_SQLITE_ENTRY_BYTES) {
                throw new DurableObjectException(413, "Durable Object storage entry is too large: key + value = " + (keyBytes + bytes.length)
                        + " bytes > " + MAX_SQLITE_ENTRY_BYTES);
            }
        } else if (bytes.length > MAX_KV_VALUE_BYTES) {
            throw new DurableObjectException(413, "Durable Object storage value is too large: " + bytes.length + " bytes > " + MAX_KV_VALUE_BYTES);
        }
        return bytes;
    }

    private <T> T decode(String key, byte[] bytes, Class<T> type) {
        try {
            return JacksonJsonCodec.mapper().readValue(bytes, type);
        } catch (JacksonException e) {
            throw new DurableObjectException(500, "the value under '" + key + "' is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** bindings.md §2.5: KV-backed classes take keys up to 2 KiB (SQLite-backed ones count key + value). */
    private void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (!sqlite) {
            int bytes = key.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_KV_KEY_BYTES) {
                throw new DurableObjectException(413, "Durable Object storage key is too long: " + bytes + " bytes > " + MAX_KV_KEY_BYTES);
            }
        }
    }

    private static void checkCount(String operation, int count) {
        if (count > MAX_KEYS) {
            throw new DurableObjectException(400, operation + ": at most " + MAX_KEYS + " keys per call, got " + count);
        }
    }
}

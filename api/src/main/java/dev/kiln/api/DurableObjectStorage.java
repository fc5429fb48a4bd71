package dev.kiln.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * A Durable Object's storage (bindings.md §2.5): a key-value API and, for SQLite-backed classes
 * ({@code new_sqlite_classes}), a SQL API, in one SQLite database per object. Values are JSON-able Java values
 * (records, maps, lists, strings, numbers, booleans, byte arrays), stored as JSON. Keys sort by their UTF-8
 * bytes.
 *
 * <p>Limits: SQLite-backed classes allow key + value up to 2 MB; KV-backed classes ({@code new_classes}) keys up
 * to 2,048 bytes and values up to 128 KiB. Multi-key calls take at most 128 keys. Violations throw
 * {@link DurableObjectException} (status 400 or 413) with both sides of the limit.
 *
 * <p>Only usable from the object's own events (its thread); writes become durable when the event commits.
 */
public interface DurableObjectStorage {

    /** @return the value decoded as {@code type}, if the key exists */
    <T> Optional<T> get(String key, Class<T> type);

    /** @return the value as a JSON-decoded map, list, string, number or boolean, if the key exists */
    default Optional<Object> get(String key) {
        return get(key, Object.class);
    }

    /** @return the values of the keys that exist (at most 128 asked), sorted by key */
    SortedMap<String, Object> get(List<String> keys);

    /** Stores a value. */
    void put(String key, Object value);

    /** Stores up to 128 entries at once. */
    void put(Map<String, ?> entries);

    /** @return whether the key existed */
    boolean delete(String key);

    /** @return how many of the (at most 128) keys existed */
    int delete(List<String> keys);

    /** @return every entry, sorted by key */
    default SortedMap<String, Object> list() {
        return list(ListOptions.ALL);
    }

    /** @return the entries the options select, in key order (reversed with {@code reverse}) */
    SortedMap<String, Object> list(ListOptions options);

    /** Deletes every key, every SQL table and the alarm, atomically. */
    void deleteAll();

    /**
     * Runs {@code body} as one unit: if it throws, its writes roll back and the exception propagates.
     * Kiln's events are already atomic; this nests inside the event.
     *
     * @return what {@code body} returned
     */
    <T> T transaction(Function<DurableObjectStorage, T> body);

    /** Returns once every write so far is durable; in Kiln writes are confirmed at the end of each event. */
    void sync();

    /** @return when the alarm is set to fire, if set (or failed and awaiting a retry) */
    Optional<Instant> getAlarm();

    /** Sets the object's one alarm, replacing any other; a past time fires as soon as possible. */
    void setAlarm(Instant time);

    /** Removes the alarm, if any. */
    void deleteAlarm();

    /**
     * @return the SQL API
     * @throws DurableObjectException (400) for a KV-backed class ({@code new_classes})
     */
    SqlStorage sql();

    /**
     * Options of {@link #list(ListOptions)}. {@code start} is inclusive, {@code startAfter} exclusive (not both),
     * {@code end} exclusive; {@code reverse} flips the order, not the meaning of the bounds.
     */
    record ListOptions(Optional<String> start, Optional<String> startAfter, Optional<String> end, Optional<String> prefix,
                       boolean reverse, Optional<Integer> limit) {
        /** No bounds, ascending, no limit. */
        public static final ListOptions ALL = new ListOptions(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty());

        public ListOptions withStart(String start) {
            return new ListOptions(Optional.of(start), startAfter, end, prefix, reverse, limit);
        }

        public ListOptions withStartAfter(String startAfter) {
            return new ListOptions(start, Optional.of(startAfter), end, prefix, reverse, limit);
        }

        public ListOptions withEnd(String end) {
            return new ListOptions(start, startAfter, Optional.of(end), prefix, reverse, limit);
        }

        public ListOptions withPrefix(String prefix) {
            return new ListOptions(start, startAfter, end, Optional.of(prefix), reverse, limit);
        }

        public ListOptions reversed() {
            return new ListOptions(start, startAfter, end, prefix, true, limit);
        }

        public ListOptions withLimit(int limit) {
            return new ListOptions(start, startAfter, end, prefix, reverse, Optional.of(limit));
        }
    }
}

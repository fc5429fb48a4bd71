package dev.kiln.bindings.durable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The storage of one Durable Object: a key-value table, an alarm and (for SQLite-backed classes) the object's
 * own SQL tables, in one database. Confined to one thread at a time (the object's event thread, or the thread
 * it hands a commit to); not thread-safe.
 *
 * <p>Writes are grouped by the caller: {@link #begin()} opens a nested unit (an event, or a transaction inside
 * one), {@link #release()} keeps its writes and {@link #rollback()} undoes them; nothing is durable until
 * {@link #commit()}, which makes every released unit durable at once (one fsync for many events).
 */
public interface ObjectDatabase extends AutoCloseable {

    /** Opens a nested unit of writes (the outermost one also opens the transaction {@link #commit()} ends). */
    void begin();

    /** Keeps the innermost unit's writes (still not durable). */
    void release();

    /** Undoes the innermost unit's writes and closes it. */
    void rollback();

    /**
     * Commits every released unit and returns once it is durable; a no-op when nothing is open.
     *
     * @throws StorageException if the commit failed (the open transaction is then rolled back)
     */
    void commit();

    /** Undoes everything since the last commit (after a failure). */
    void abandon();

    /** @return the value of the key */
    Optional<byte[]> get(String key);

    /** @return the values of the keys that exist */
    Map<String, byte[]> get(List<String> keys);

    /** Inserts or replaces. */
    void put(String key, byte[] value);

    /** @return whether the key existed */
    boolean delete(String key);

    /**
     * @param query bounds, prefix, order and limit
     * @return the entries in UTF-8 byte order of their keys (reversed when asked)
     */
    List<Map.Entry<String, byte[]>> list(ListQuery query);

    /** Deletes every key, the alarm and every SQL table. */
    void deleteAll();

    /** @return the alarm time in epoch milliseconds, if set */
    OptionalLong alarm();

    /** Sets (or with empty, clears) the alarm. */
    void setAlarm(OptionalLong epochMillis);

    /** @return a piece of Kiln's metadata about the object (e.g. {@code name}) */
    Optional<String> meta(String key);

    /** Stores a piece of Kiln's metadata. */
    void setMeta(String key, String value);

    /**
     * Runs one or more {@code ;}-separated statements; the parameters apply to the last.
     *
     * @throws ObjectSqlException if a statement is refused or fails
     */
    SqlResult exec(String sql, List<Object> parameters);

    /** @return the database size in bytes */
    long size();

    @Override
    void close();

    /**
     * A list query; all bounds compare UTF-8 bytes.
     *
     * @param start inclusive lower bound
     * @param startAfter exclusive lower bound
     * @param end exclusive upper bound
     * @param prefix only keys starting with it
     * @param reverse descending order
     * @param limit at most this many (0 for no limit)
     */
    record ListQuery(Optional<String> start, Optional<String> startAfter, Optional<String> end, Optional<String> prefix,
                     boolean reverse, int limit) {
    }

    /**
     * The outcome of {@link #exec}.
     *
     * @param columns the last statement's column names
     * @param rows its rows, values as Long, Double, String, byte[] or null
     * @param rowsRead rows returned plus rows changed, over all the statements
     * @param rowsWritten rows inserted, updated or deleted, over all the statements
     */
    record SqlResult(List<String> columns, List<List<Object>> rows, long rowsRead, long rowsWritten) {
    }
}

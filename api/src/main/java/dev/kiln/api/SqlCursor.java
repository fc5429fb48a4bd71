package dev.kiln.api;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rows of a {@link SqlStorage#exec} statement. Iterating (or {@link #next()}) gives rows as maps from column
 * name to value (Long, Double, String, byte[] or null); {@link #raw()} gives them as lists and shares the
 * position. Not thread-safe.
 */
public interface SqlCursor extends Iterable<Map<String, Object>> {

    /** @return the column names of the result */
    List<String> columnNames();

    /** @return whether another row remains */
    boolean hasNext();

    /** @return the next row; {@link java.util.NoSuchElementException} if none remains */
    Map<String, Object> next();

    /** @return the remaining rows */
    List<Map<String, Object>> toArray();

    /**
     * @return the only row
     * @throws SqlException unless exactly one row remains
     */
    Map<String, Object> one();

    /** @return the remaining rows as value lists, in column order */
    Iterator<List<Object>> raw();

    /** @return rows read so far (rows returned by the statements, plus rows they changed) */
    long rowsRead();

    /** @return rows inserted, updated or deleted by the statements */
    long rowsWritten();

    @Override
    default Iterator<Map<String, Object>> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return SqlCursor.this.hasNext();
            }

            @Override
            public Map<String, Object> next() {
                return SqlCursor.this.next();
            }
        };
    }
}

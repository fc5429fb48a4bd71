package dev.kiln.api;

/**
 * The SQL API of a SQLite-backed Durable Object (bindings.md §2.6): the object's own SQLite database.
 *
 * <p>{@code BEGIN}, {@code COMMIT}, {@code SAVEPOINT} and the like are refused: each event is already a
 * transaction, and {@link DurableObjectStorage#transaction} nests one. Tables whose names start with
 * {@code _cf_} are Kiln's (the key-value API lives there) and cannot be used. Limits: statement 100 KB,
 * 100 bound parameters.
 */
public interface SqlStorage {

    /**
     * Runs one or more {@code ;}-separated statements; the bindings and the cursor belong to the last.
     *
     * @param bindings values for {@code ?} parameters: null, numbers, strings, booleans (as 0/1), byte arrays
     * @return a cursor over the last statement's rows (already read when this returns)
     * @throws SqlException if a statement fails or breaks a rule above
     */
    SqlCursor exec(String query, Object... bindings);

    /** @return the database size in bytes */
    long databaseSize();
}

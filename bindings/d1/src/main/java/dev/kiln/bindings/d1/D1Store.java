package dev.kiln.bindings.d1;

import java.util.List;

/**
 * One D1 database's storage: runs SQLite-dialect SQL (D1's dialect, whatever the backend) with bound values.
 * A backend enforces the limits of bindings.md §3 and refuses statements that would break its transaction
 * handling (transaction control, ATTACH, unsafe pragmas) with a {@link D1StatementException}. Every write is
 * durable when the call returns.
 *
 * <p>Bound values and result values are {@code null}, {@link Long}, {@link Double}, {@link String} or
 * {@code byte[]}.
 */
public interface D1Store {

    /** Runs one statement in its own transaction. */
    Outcome execute(Statement statement);

    /**
     * Runs the statements in order in one transaction. If one fails, none has any effect: the exception
     * carries the failing statement's index.
     */
    List<Outcome> batch(List<Statement> statements);

    /** @return the database's size in bytes */
    long size();

    /**
     * @param sql one statement
     * @param params the values for {@code ?1 ... ?N}
     */
    record Statement(String sql, List<Object> params) {
        public Statement {
            params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
        }
    }

    /**
     * What one statement returned and did.
     *
     * @param columns the result's column names (empty when it returns no rows)
     * @param rows the rows, each a list of values in column order
     * @param changes rows inserted, updated or deleted
     * @param lastRowId the last inserted rowid on the connection that ran it
     * @param changedDb whether the database changed
     * @param sizeAfter the database size in bytes afterwards
     * @param sqlNanos time spent running the statement
     */
    record Outcome(List<String> columns, List<List<Object>> rows, long changes, long lastRowId, boolean changedDb,
                   long sizeAfter, long sqlNanos) {
    }
}

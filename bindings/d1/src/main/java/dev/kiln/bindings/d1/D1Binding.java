package dev.kiln.bindings.d1;

import dev.kiln.spi.StorageCalls;
import dev.kiln.api.D1Database;
import dev.kiln.api.D1DatabaseSession;
import dev.kiln.api.D1Exception;
import dev.kiln.api.D1ExecResult;
import dev.kiln.api.D1Meta;
import dev.kiln.api.D1PreparedStatement;
import dev.kiln.api.D1Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The D1 binding over any {@link D1Store}: the Workers semantics of bindings.md §3 (statement rules, type
 * mapping, result shapes, error wording, sessions) live here, once, whatever the backend.
 */
public final class D1Binding implements D1Database {

    /** Bookmarks: fixed-width hex of a counter that starts at the wall clock, so they only move forward. */
    private static final AtomicLong BOOKMARKS = new AtomicLong(System.currentTimeMillis() * 1000);

    private final D1Store store;

    public D1Binding(D1Store store) {
        this.store = Objects.requireNonNull(store);
    }

    @Override
    public D1PreparedStatement prepare(String sql) {
        return new Statement(Objects.requireNonNull(sql), List.of(), null);
    }

    @Override
    public List<D1Result<Map<String, Object>>> batch(List<D1PreparedStatement> statements) {
        return batch(statements, null);
    }

    private List<D1Result<Map<String, Object>>> batch(List<D1PreparedStatement> statements, Session session) {
        List<D1Store.Statement> sql = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            if (!(statements.get(i) instanceof Statement s)) {
                throw new D1Exception(D1Exception.D1_ERROR, "batch statement " + (i + 1) + " was not prepared by this binding");
            }
            sql.add(s.toStore(i, statements.size()));
        }
        long started = System.nanoTime();
        List<D1Store.Outcome> outcomes;
        try {
            outcomes = StorageCalls.call(() -> store.batch(sql));
        } catch (D1StatementException e) {
            throw new D1Exception(D1Exception.D1_ERROR, e.getMessage() + " (batch statement " + (e.index() + 1) + " of "
                    + statements.size() + ": " + abbreviate(sql.get(e.index()).sql()) + "; nothing in the batch was applied)");
        }
        double duration = millis(System.nanoTime() - started);
        touch(session);
        List<D1Result<Map<String, Object>>> results = new ArrayList<>(outcomes.size());
        for (D1Store.Outcome outcome : outcomes) {
            results.add(objects(outcome, duration / outcomes.size()));
        }
        return results;
    }

    @Override
    public D1ExecResult exec(String sql) {
        long started = System.nanoTime();
        String[] lines = sql.split("\n", -1);
        int count = 0;
        for (int i = 0; i < lines.length; i++) {
            for (SqlScript.Piece piece : SqlScript.split(lines[i])) {
                try {
                    StorageCalls.call(() -> store.execute(new D1Store.Statement(piece.sql(), List.of())));
                } catch (D1StatementException e) {
                    throw new D1Exception(D1Exception.D1_EXEC_ERROR, "Error in line " + (i + 1) + ": " + lines[i].strip() + ": " + e.getMessage());
                }
                count++;
            }
        }
        return new D1ExecResult(count, millis(System.nanoTime() - started));
    }

    @Override
    public D1DatabaseSession withSession() {
        return new Session(null);
    }

    @Override
    public D1DatabaseSession withSession(String constraintOrBookmark) {
        Objects.requireNonNull(constraintOrBookmark);
        if (constraintOrBookmark.equals("first-unconstrained") || constraintOrBookmark.equals("first-primary")) {
            return new Session(null);
        }
        if (constraintOrBookmark.isBlank()) {
            throw new D1Exception(D1Exception.D1_SESSION_ERROR, "invalid bookmark '' : give \"first-unconstrained\", "
                    + "\"first-primary\" or a bookmark from getBookmark()");
        }
        return new Session(constraintOrBookmark);
    }

    /** A session's bookmark moves forward to the newest seen (bookmarks compare lexically). */
    private static void touch(Session session) {
        if (session != null) {
            String next = String.format("%016x", BOOKMARKS.incrementAndGet());
            session.bookmark.accumulateAndGet(next, (a, b) -> a == null || b.compareTo(a) > 0 ? b : a);
        }
    }

    private final class Session implements D1DatabaseSession {
        private final AtomicReference<String> bookmark;

        Session(String bookmark) {
            this.bookmark = new AtomicReference<>(bookmark);
        }

        @Override
        public D1PreparedStatement prepare(String sql) {
            return new Statement(Objects.requireNonNull(sql), List.of(), this);
        }

        @Override
        public List<D1Result<Map<String, Object>>> batch(List<D1PreparedStatement> statements) {
            return D1Binding.this.batch(statements, this);
        }

        @Override
        public Optional<String> getBookmark() {
            return Optional.ofNullable(bookmark.get());
        }
    }

    private final class Statement implements D1PreparedStatement {
        private final String sql;
        private final List<Object> values;
        private final Session session;

        Statement(String sql, List<Object> values, Session session) {
            this.sql = sql;
            this.values = values;
            this.session = session;
        }

        @Override
        public D1PreparedStatement bind(Object... values) {
            List<Object> mapped = new ArrayList<>(values.length);
            for (Object value : values) {
                mapped.add(D1Values.toSqlite(value));
            }
            return new Statement(sql, java.util.Collections.unmodifiableList(mapped), session);
        }

        @Override
        public String sql() {
            return sql;
        }

        @Override
        public Optional<Map<String, Object>> first() {
            D1Result<Map<String, Object>> all = all();
            return all.results().isEmpty() ? Optional.empty() : Optional.of(all.results().get(0));
        }

        @Override
        public Optional<Object> first(String column) {
            D1Store.Outcome outcome = execute();
            if (outcome.rows().isEmpty()) {
                return Optional.empty();
            }
            int at = outcome.columns().indexOf(column);
            if (at < 0) {
                throw new D1Exception(D1Exception.D1_COLUMN_NOTFOUND, "Column not found (" + column + "); the result has "
                        + outcome.columns());
            }
            return Optional.ofNullable(outcome.rows().get(0).get(at));
        }

        @Override
        public D1Result<Map<String, Object>> all() {
            long started = System.nanoTime();
            D1Store.Outcome outcome = execute();
            return objects(outcome, millis(System.nanoTime() - started));
        }

        @Override
        public D1Result<Map<String, Object>> run() {
            return all();
        }

        @Override
        public List<List<Object>> raw() {
            return raw(false);
        }

        @Override
        public List<List<Object>> raw(boolean columnNames) {
            D1Store.Outcome outcome = execute();
            List<List<Object>> rows = new ArrayList<>(outcome.rows().size() + 1);
            if (columnNames) {
                rows.add(List.copyOf(outcome.columns()));
            }
            for (List<Object> row : outcome.rows()) {
                rows.add(java.util.Collections.unmodifiableList(row));
            }
            return rows;
        }

        private D1Store.Outcome execute() {
            D1Store.Statement statement = toStore(0, 1);
            try {
                D1Store.Outcome outcome = StorageCalls.call(() -> store.execute(statement));
                touch(session);
                return outcome;
            } catch (D1StatementException e) {
                throw new D1Exception(D1Exception.D1_ERROR, e.getMessage());
            }
        }

        /** bindings.md §3: one statement, {@code ?}/{@code ?NNN} parameters only. */
        D1Store.Statement toStore(int index, int of) {
            String where = of > 1 ? " (batch statement " + (index + 1) + " of " + of + ")" : "";
            List<SqlScript.Piece> pieces = SqlScript.split(sql);
            if (pieces.isEmpty()) {
                throw new D1Exception(D1Exception.D1_ERROR, "No SQL statements detected" + where);
            }
            if (pieces.size() > 1) {
                throw new D1Exception(D1Exception.D1_ERROR, "a prepared statement takes exactly one SQL statement, got "
                        + pieces.size() + where + "; use batch() or exec() for several");
            }
            String named = SqlScript.namedParameter(sql);
            if (named != null) {
                throw new D1Exception(D1Exception.D1_ERROR, "named parameter " + named + " is not supported: use ? or ?NNN" + where);
            }
            return new D1Store.Statement(sql, values);
        }
    }

    private static D1Result<Map<String, Object>> objects(D1Store.Outcome outcome, double durationMs) {
        List<Map<String, Object>> rows = new ArrayList<>(outcome.rows().size());
        for (List<Object> values : outcome.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < outcome.columns().size(); c++) {
                row.put(outcome.columns().get(c), values.get(c));
            }
            rows.add(java.util.Collections.unmodifiableMap(row));
        }
        D1Meta meta = new D1Meta(durationMs, outcome.changes(), outcome.lastRowId(), outcome.changedDb(), outcome.sizeAfter(),
                outcome.rows().size() + outcome.changes(), outcome.changes(), "kiln", "local", true,
                millis(outcome.sqlNanos()), 1);
        return new D1Result<>(java.util.Collections.unmodifiableList(rows), true, meta);
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static String abbreviate(String sql) {
        String flat = sql.strip().replaceAll("\\s+", " ");
        return flat.length() <= 80 ? flat : flat.substring(0, 77) + "...";
    }
}

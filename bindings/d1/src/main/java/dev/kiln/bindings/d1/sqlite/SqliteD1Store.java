package dev.kiln.bindings.d1.sqlite;

import dev.kiln.storage.sqlite.ResultRows;
import dev.kiln.storage.sqlite.SqliteDatabase;
import dev.kiln.bindings.d1.D1StatementException;
import dev.kiln.bindings.d1.D1Store;
import dev.kiln.bindings.d1.SqlScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A D1 database in its own SQLite file ({@code d1/<database>.sqlite}), with D1's limits set as SQLite limits
 * on every connection (size: 10 GB, enforced through {@code max_page_count}). Reads ({@code SELECT}, {@code VALUES}, {@code EXPLAIN}) run on a pooled read-only
 * connection; everything else, and every batch, runs in the database's single writer, inside a savepoint, so
 * a failing statement leaves nothing of its batch behind.
 */
final class SqliteD1Store implements D1Store, AutoCloseable {

    /** bindings.md §3 limits. */
    static final int MAX_STATEMENT_BYTES = 100_000;
    static final int MAX_BOUND_PARAMETERS = 100;
    static final int MAX_VALUE_BYTES = 1_000_000;
    static final int MAX_COLUMNS = 100;
    static final int MAX_FUNCTION_ARGS = 32;
    static final int MAX_LIKE_PATTERN_BYTES = 50;
    /** bindings.md §3: how long one query may run. */
    static final java.time.Duration QUERY_TIME_LIMIT = java.time.Duration.ofSeconds(30);
    /** How many SQLite VM steps run between two looks at the deadline (a few microseconds of work). */
    private static final int STEPS_BETWEEN_CHECKS = 10_000;
    /**
     * The deadline of the statement the current thread is running. SQLite calls the progress handler on the
     * thread that steps the statement, so a thread-local is exact for pooled readers and the writer alike.
     */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();
    /** bindings.md §3: 10 GB per database (the paid plan's limit), in SQLite's default 4096-byte pages. */
    static final long MAX_DATABASE_BYTES = 10_000_000_000L;
    static final int PAGE_SIZE = 4096;

    /** Pragmas D1 lets queries run: introspection and the foreign-key deferral migrations use. */
    private static final Set<String> ALLOWED_PRAGMAS = Set.of("TABLE_LIST", "TABLE_INFO", "TABLE_XINFO", "INDEX_LIST",
            "INDEX_INFO", "INDEX_XINFO", "FOREIGN_KEY_LIST", "FOREIGN_KEY_CHECK", "FOREIGN_KEYS", "DEFER_FOREIGN_KEYS",
            "QUICK_CHECK", "INTEGRITY_CHECK", "OPTIMIZE");
    /** The store owns transactions and the file: these would break its atomicity or escape the database. */
    private static final Set<String> REFUSED = Set.of("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE",
            "ATTACH", "DETACH", "VACUUM");
    private static final Set<String> READS = Set.of("SELECT", "VALUES", "EXPLAIN");
    /** sqlite-jdbc's message shape: "[SQLITE_ERROR] SQL error or missing database (no such table: t)". */
    private static final Pattern JDBC_MESSAGE = Pattern.compile("\\[(\\w+)\\][^(]*\\((.*)\\)\\s*", Pattern.DOTALL);
    private static final String META = "SELECT total_changes(), last_insert_rowid(), "
            + "(SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size())";

    private final SqliteDatabase db;
    private final long timeLimitNanos;

    SqliteD1Store(Path file) {
        this(file, QUERY_TIME_LIMIT);
    }

    /** With another query time limit (tests). */
    SqliteD1Store(Path file, java.time.Duration queryTimeLimit) {
        this.timeLimitNanos = queryTimeLimit.toNanos();
        this.db = new SqliteDatabase(file, List.of(), limits(), SqliteD1Store::stopPastTheDeadline);
    }

    /** A query past its deadline is interrupted by SQLite (SQLITE_INTERRUPT); its transaction work rolls back. */
    private static void stopPastTheDeadline(Connection connection) throws SQLException {
        org.sqlite.ProgressHandler.setHandler(connection, STEPS_BETWEEN_CHECKS, new org.sqlite.ProgressHandler() {
            @Override
            protected int progress() {
                Long deadline = DEADLINE.get();
                return deadline != null && System.nanoTime() - deadline > 0 ? 1 : 0;
            }
        });
    }

    private static Properties limits() {
        Properties p = new Properties();
        p.setProperty("limit_length", String.valueOf(MAX_VALUE_BYTES));
        p.setProperty("limit_sql_length", String.valueOf(MAX_STATEMENT_BYTES));
        p.setProperty("limit_column", String.valueOf(MAX_COLUMNS));
        p.setProperty("limit_variable_number", String.valueOf(MAX_BOUND_PARAMETERS));
        p.setProperty("limit_function_arg", String.valueOf(MAX_FUNCTION_ARGS));
        p.setProperty("limit_like_pattern_length", String.valueOf(MAX_LIKE_PATTERN_BYTES));
        p.setProperty("limit_attached", "0");
        // A write past the size limit fails with "database or disk is full: SQLITE_FULL" and is rolled back.
        p.setProperty("max_page_count", String.valueOf(MAX_DATABASE_BYTES / PAGE_SIZE));
        return p;
    }

    @Override
    public Outcome execute(Statement statement) {
        check(0, statement);
        if (READS.contains(SqlScript.firstKeyword(statement.sql()))) {
            return db.read(session -> run(session, 0, statement, false));
        }
        return db.write(session -> runAll(session, List.of(statement))).get(0);
    }

    @Override
    public List<Outcome> batch(List<Statement> statements) {
        for (int i = 0; i < statements.size(); i++) {
            check(i, statements.get(i));
        }
        if (statements.isEmpty()) {
            return List.of();
        }
        return db.write(session -> runAll(session, statements));
    }

    @Override
    public long size() {
        return db.read(session -> {
            try (ResultSet r = session.prepare(META).executeQuery()) {
                r.next();
                return r.getLong(3);
            }
        });
    }

    /** Runs in the writer's savepoint: throwing rolls all of it back. */
    private List<Outcome> runAll(SqliteDatabase.Session session, List<Statement> statements) throws SQLException {
        List<Outcome> outcomes = new ArrayList<>(statements.size());
        boolean deferred = false;
        for (int i = 0; i < statements.size(); i++) {
            Statement statement = statements.get(i);
            deferred |= SqlScript.firstKeyword(statement.sql()).equals("PRAGMA") && pragmaName(statement.sql()).equals("DEFER_FOREIGN_KEYS");
            outcomes.add(run(session, i, statement, true));
        }
        if (deferred) {
            checkDeferredForeignKeys(session.connection(), statements.size() - 1);
        }
        return outcomes;
    }

    /**
     * Deferred foreign keys are checked at COMMIT, but the writer commits many callers' work together: check
     * them at the end of this batch instead, so a violation fails only this batch.
     */
    private static void checkDeferredForeignKeys(Connection connection, int lastIndex) throws SQLException {
        try (var s = connection.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
                if (r.next()) {
                    throw new D1StatementException(lastIndex, "FOREIGN KEY constraint failed: SQLITE_CONSTRAINT");
                }
            }
            s.execute("PRAGMA defer_foreign_keys = OFF");
        }
    }

    private Outcome run(SqliteDatabase.Session session, int index, Statement statement, boolean writer) throws SQLException {
        long changesBefore = 0;
        if (writer) {
            try (ResultSet r = session.prepare("SELECT total_changes()").executeQuery()) {
                r.next();
                changesBefore = r.getLong(1);
            }
        }
        long started = System.nanoTime();
        ResultRows result = ResultRows.none();
        DEADLINE.set(started + timeLimitNanos);
        try {
            // Cached per connection: preparing costs more than a point query.
            PreparedStatement ps = session.prepare(statement.sql());
            int expected = ps.getParameterMetaData().getParameterCount();
            if (expected != statement.params().size()) {
                throw new D1StatementException(index, "Wrong number of parameter bindings for SQL query: the statement takes "
                        + expected + ", " + statement.params().size() + " given");
            }
            bind(ps, statement.params());
            if (ps.execute()) {
                try (ResultSet r = ps.getResultSet()) {
                    result = ResultRows.read(r);
                }
            }
        } catch (D1StatementException e) {
            throw e;
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("SQLITE_INTERRUPT")) {
                session.forget(statement.sql()); // an interrupted statement is not reusable
                throw new D1StatementException(index, "query exceeded the time limit of " + timeLimitNanos / 1_000_000
                        + " ms and was stopped; nothing it wrote was kept: SQLITE_INTERRUPT");
            }
            throw new D1StatementException(index, describe(e));
        } finally {
            DEADLINE.remove();
        }
        long sqlNanos = System.nanoTime() - started;
        try (ResultSet r = session.prepare(META).executeQuery()) {
            r.next();
            long changes = writer ? r.getLong(1) - changesBefore : 0;
            return new Outcome(List.copyOf(result.columns()), result.rows(), changes, r.getLong(2), changes > 0, r.getLong(3), sqlNanos);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            switch (value) {
                case null -> ps.setNull(i + 1, java.sql.Types.NULL);
                case Long l -> ps.setLong(i + 1, l);
                case Double d -> ps.setDouble(i + 1, d);
                case String s -> ps.setString(i + 1, s);
                case byte[] b -> ps.setBytes(i + 1, b);
                default -> throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
            }
        }
    }

    /** Refuses what D1 refuses before SQLite sees it, with a message that says why. */
    private static void check(int index, Statement statement) {
        String sql = statement.sql();
        int bytes = sql.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_STATEMENT_BYTES) {
            throw new D1StatementException(index, "statement too long: " + bytes + " bytes > " + MAX_STATEMENT_BYTES + ": SQLITE_TOOBIG");
        }
        if (statement.params().size() > MAX_BOUND_PARAMETERS) {
            throw new D1StatementException(index, "too many SQL variables: " + statement.params().size() + " bound > "
                    + MAX_BOUND_PARAMETERS + ": SQLITE_ERROR");
        }
        String keyword = SqlScript.firstKeyword(sql);
        if (REFUSED.contains(keyword)) {
            throw new D1StatementException(index, "not authorized: " + keyword + " statements are not allowed; each query"
                    + " and each batch already runs in its own transaction (use batch() to group statements): SQLITE_AUTH");
        }
        if (keyword.equals("PRAGMA") && !ALLOWED_PRAGMAS.contains(pragmaName(sql))) {
            throw new D1StatementException(index, "not authorized: PRAGMA " + pragmaName(sql).toLowerCase(java.util.Locale.ROOT)
                    + " is not allowed; allowed: " + new java.util.TreeSet<>(ALLOWED_PRAGMAS).toString().toLowerCase(java.util.Locale.ROOT)
                    + ": SQLITE_AUTH");
        }
    }

    private static String pragmaName(String sql) {
        String name = SqlScript.secondWord(sql);
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    /** "[SQLITE_ERROR] SQL error or missing database (no such table: t)" → "no such table: t: SQLITE_ERROR", as D1 words it. */
    static String describe(SQLException e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = JDBC_MESSAGE.matcher(message);
        return m.matches() ? m.group(2) + ": " + m.group(1) : message;
    }

    @Override
    public void close() {
        db.close();
    }
}

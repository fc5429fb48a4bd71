package dev.kiln.bindings.durable.sqlite;

import dev.kiln.storage.sqlite.ResultRows;
import dev.kiln.bindings.durable.ObjectDatabase;
import dev.kiln.bindings.durable.ObjectSqlException;
import dev.kiln.spi.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Durable Object's SQLite file: the key-value API in the hidden table {@code __cf_kv} (keys as UTF-8 BLOBs,
 * so they sort by bytes), the alarm in {@code __cf_alarm}, Kiln's metadata in {@code __cf_meta}, and the
 * object's own SQL tables. WAL with {@code synchronous=FULL}: {@link #commit()} returns after the fsync.
 *
 * <p>Transactions are explicit: the first {@link #begin()} issues {@code BEGIN}, each unit is a savepoint, and
 * {@link #commit()} ends the transaction, so many events share one commit.
 */
public final class SqliteObjectDatabase implements ObjectDatabase {

    /** bindings.md §2.6: statement size and bound parameters. */
    static final int MAX_STATEMENT_BYTES = 100_000;
    static final int MAX_PARAMETERS = 100;
    /** bindings.md §2.6: row, string and BLOB. */
    static final int MAX_LENGTH_BYTES = 2 * 1024 * 1024;
    /**
     * SQLite counts a row's record header (its size and the two fields' types: at most 9 bytes here) against the
     * length limit, so a key-value row of the largest entry §2.5 allows (key + value 2 MB) needs this much more.
     */
    static final int KV_RECORD_HEADER_BYTES = 16;

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS __cf_kv (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID",
            "CREATE TABLE IF NOT EXISTS __cf_alarm (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS __cf_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");

    private final Path file;
    private final Connection connection;
    private final org.sqlite.core.DB sqlite;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private int depth;
    private boolean inTransaction;

    /**
     * Opens (creating if needed) the object's database.
     *
     * @param readOnly open for inspection only (the CLI while Kiln runs)
     * @throws StorageException if it cannot be opened
     */
    public SqliteObjectDatabase(Path file, boolean readOnly) {
        this.file = file;
        try {
            if (!readOnly) {
                if (!Files.exists(file)) {
                    create(file);
                }
            } else if (!Files.exists(file)) {
                throw new StorageException("no such object database: " + file);
            }
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            sqlite = connection.unwrap(org.sqlite.SQLiteConnection.class).getDatabase();
            applyLimits(connection, sqlite);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                if (readOnly) {
                    s.execute("PRAGMA query_only=1");
                } else {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=FULL");
                    s.execute("PRAGMA cache_size=-512");
                    createSchema(s);
                }
            }
        } catch (SQLException | java.io.IOException e) {
            throw new StorageException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * bindings.md §2.6 limits, enforced by SQLite itself: row, string and BLOB 2 MB; statement 100 KB; 100 columns;
     * 32 function arguments; LIKE/GLOB patterns 50 bytes; 100 bound parameters; no ATTACH; 10 GiB per object.
     */
    private static void applyLimits(Connection connection, org.sqlite.core.DB db) throws SQLException {
        db.limit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_LENGTH.getId(), MAX_LENGTH_BYTES);
        db.limit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_SQL_LENGTH.getId(), MAX_STATEMENT_BYTES);
        db.limit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_COLUMN.getId(), 100);
        db.limit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_FUNCTION_ARG.getId(), 32);
        db.limit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_LIKE_PATTERN_LENGTH.getId(), 50);
        db.limit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_VARIABLE_NUMBER.getId(), MAX_PARAMETERS);
        db.limit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_ATTACHED.getId(), 0);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA max_page_count=" + (10L * 1024 * 1024 * 1024 / 4096));
        }
    }

    /**
     * Creates a new object's file: built next to it without fsyncs, fsynced once, then renamed into place (and the
     * directory fsynced). A crash leaves either no file or a complete one; a new object costs one fsync, not one per
     * schema step.
     */
    private static void create(Path file) throws SQLException, java.io.IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean newDir = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + suffix));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.toAbsolutePath()); Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous=OFF");
            s.execute("PRAGMA journal_mode=WAL");
            createSchema(s);
        }
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(dir);
        if (newDir) {
            fsyncDirectory(dir.getParent());
        }
    }

    private static void fsyncDirectory(Path dir) throws java.io.IOException {
        try (var channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Creates Kiln's tables in one transaction (one fsync), once: user_version marks a database that has them. */
    private static void createSchema(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
            if (r.next() && r.getInt(1) >= 1) {
                return;
            }
        }
        s.execute("BEGIN IMMEDIATE");
        try {
            for (String sql : SCHEMA) {
                s.execute(sql);
            }
            s.execute("PRAGMA user_version=1");
            s.execute("COMMIT");
        } catch (SQLException e) {
            s.execute("ROLLBACK");
            throw e;
        }
    }

    /** @return the database file */
    public Path file() {
        return file;
    }

    @Override
    public void begin() {
        try (Statement s = connection.createStatement()) {
            if (!inTransaction) {
                s.execute("BEGIN");
                inTransaction = true;
            }
            s.execute("SAVEPOINT u" + depth);
            depth++;
        } catch (SQLException e) {
            throw failure("begin", e);
        }
    }

    @Override
    public void release() {
        checkOpenUnit();
        depth--;
        try (Statement s = connection.createStatement()) {
            s.execute("RELEASE u" + depth);
        } catch (SQLException e) {
            throw failure("release", e);
        }
    }

    @Override
    public void rollback() {
        checkOpenUnit();
        depth--;
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK TO u" + depth);
            s.execute("RELEASE u" + depth);
        } catch (SQLException e) {
            throw failure("rollback", e);
        }
    }

    @Override
    public void commit() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " unit(s) still open at commit");
        }
        if (!inTransaction) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("COMMIT");
            inTransaction = false;
        } catch (SQLException e) {
            abandon();
            throw failure("commit", e);
        }
    }

    @Override
    public void abandon() {
        depth = 0;
        if (!inTransaction) {
            return;
        }
        inTransaction = false;
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (e.g. after an I/O error); nothing is left open either way.
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            PreparedStatement s = prepare("SELECT value FROM __cf_kv WHERE key = ?");
            s.setBytes(1, utf8(key));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("get", e);
        }
    }

    @Override
    public Map<String, byte[]> get(List<String> keys) {
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (String key : keys) {
            get(key).ifPresent(v -> found.put(key, v));
        }
        return found;
    }

    /** Stores an entry; the caller checked its size (bindings.md §2.5), so the row's header gets room beyond 2 MB. */
    @Override
    public void put(String key, byte[] value) {
        try {
            PreparedStatement s = prepare("INSERT INTO __cf_kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
            s.setBytes(1, utf8(key));
            s.setBytes(2, value);
            sqlite.limit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_LENGTH.getId(), MAX_LENGTH_BYTES + KV_RECORD_HEADER_BYTES);
            try {
                s.executeUpdate();
            } finally {
                sqlite.limit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_LENGTH.getId(), MAX_LENGTH_BYTES);
            }
        } catch (SQLException e) {
            throw failure("put", e);
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            PreparedStatement s = prepare("DELETE FROM __cf_kv WHERE key = ?");
            s.setBytes(1, utf8(key));
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("delete", e);
        }
    }

    @Override
    public List<Map.Entry<String, byte[]>> list(ListQuery query) {
        StringBuilder sql = new StringBuilder("SELECT key, value FROM __cf_kv WHERE 1 = 1");
        List<byte[]> params = new ArrayList<>();
        query.start().ifPresent(k -> bound(sql, params, "key >= ?", utf8(k)));
        query.startAfter().ifPresent(k -> bound(sql, params, "key > ?", utf8(k)));
        query.end().ifPresent(k -> bound(sql, params, "key < ?", utf8(k)));
        query.prefix().filter(p -> !p.isEmpty()).ifPresent(p -> {
            byte[] low = utf8(p);
            bound(sql, params, "key >= ?", low);
            byte[] high = successor(low);
            if (high != null) {
                bound(sql, params, "key < ?", high);
            }
        });
        sql.append(query.reverse() ? " ORDER BY key DESC" : " ORDER BY key");
        if (query.limit() > 0) {
            sql.append(" LIMIT ").append(query.limit());
        }
        try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                s.setBytes(i + 1, params.get(i));
            }
            List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(new String(r.getBytes(1), StandardCharsets.UTF_8), r.getBytes(2)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw failure("list", e);
        }
    }

    private static void bound(StringBuilder sql, List<byte[]> params, String condition, byte[] value) {
        sql.append(" AND ").append(condition);
        params.add(value);
    }

    /** @return the smallest byte string greater than every string starting with {@code prefix}, or null if none */
    static byte[] successor(byte[] prefix) {
        int end = prefix.length;
        while (end > 0 && prefix[end - 1] == (byte) 0xFF) {
            end--;
        }
        if (end == 0) {
            return null;
        }
        byte[] next = java.util.Arrays.copyOf(prefix, end);
        next[end - 1]++;
        return next;
    }

    @Override
    public void deleteAll() {
        try (Statement s = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            List<String> others = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_cf\\_%' ESCAPE '\\'")) {
                while (r.next()) {
                    (r.getString(1).equals("table") ? tables : others).add(r.getString(1) + " " + quote(r.getString(2)));
                }
            }
            // Views and triggers first: dropping a table a view uses would otherwise fail later statements.
            for (String item : others) {
                if (!item.startsWith("index ")) {
                    s.execute("DROP " + item.replaceFirst(" ", " IF EXISTS "));
                }
            }
            for (String table : tables) {
                s.execute("DROP " + table.replaceFirst(" ", " IF EXISTS "));
            }
            s.execute("DELETE FROM __cf_kv");
            s.execute("DELETE FROM __cf_alarm");
        } catch (SQLException e) {
            throw failure("deleteAll", e);
        }
    }

    @Override
    public OptionalLong alarm() {
        try (ResultSet r = prepare("SELECT at FROM __cf_alarm WHERE id = 1").executeQuery()) {
            return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
        } catch (SQLException e) {
            throw failure("getAlarm", e);
        }
    }

    @Override
    public void setAlarm(OptionalLong epochMillis) {
        try {
            if (epochMillis.isPresent()) {
                PreparedStatement s = prepare("INSERT INTO __cf_alarm (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at");
                s.setLong(1, epochMillis.getAsLong());
                s.executeUpdate();
            } else {
                prepare("DELETE FROM __cf_alarm").executeUpdate();
            }
        } catch (SQLException e) {
            throw failure("setAlarm", e);
        }
    }

    @Override
    public Optional<String> meta(String key) {
        try {
            PreparedStatement s = prepare("SELECT value FROM __cf_meta WHERE key = ?");
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("meta", e);
        }
    }

    @Override
    public void setMeta(String key, String value) {
        try {
            PreparedStatement s = prepare("INSERT INTO __cf_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
            s.setString(1, key);
            s.setString(2, value);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("setMeta", e);
        }
    }

    @Override
    public SqlResult exec(String sql, List<Object> parameters) {
        int size = sql.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_STATEMENT_BYTES) {
            throw new ObjectSqlException("SQL statement is too long: " + size + " bytes > " + MAX_STATEMENT_BYTES);
        }
        if (parameters.size() > MAX_PARAMETERS) {
            throw new ObjectSqlException("too many SQL variables: " + parameters.size() + " > " + MAX_PARAMETERS);
        }
        List<String> parts = SqlStatements.split(sql);
        if (parts.isEmpty()) {
            throw new ObjectSqlException("no SQL statement given");
        }
        for (String part : parts) {
            SqlStatements.check(part);
        }
        long read = 0;
        long written = 0;
        SqlResult last = null;
        for (int i = 0; i < parts.size(); i++) {
            boolean isLast = i == parts.size() - 1;
            last = run(parts.get(i), isLast ? parameters : List.of());
            read += last.rowsRead();
            written += last.rowsWritten();
        }
        return new SqlResult(last.columns(), last.rows(), read, written);
    }

    private SqlResult run(String sql, List<Object> parameters) {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            int expected = s.getParameterMetaData().getParameterCount();
            if (expected != parameters.size()) {
                throw new ObjectSqlException("wrong number of bindings: the statement has " + expected + " parameter(s), "
                        + parameters.size() + " value(s) given");
            }
            for (int i = 0; i < parameters.size(); i++) {
                bind(s, i + 1, parameters.get(i));
            }
            long changesBefore = totalChanges();
            ResultRows result = ResultRows.none();
            if (s.execute()) {
                try (ResultSet r = s.getResultSet()) {
                    result = ResultRows.read(r);
                }
            }
            long changed = totalChanges() - changesBefore;
            return new SqlResult(result.columns(), result.rows(), result.rows().size() + changed, changed);
        } catch (SQLException e) {
            throw new ObjectSqlException(message(e), e);
        }
    }

    private long totalChanges() throws SQLException {
        try (ResultSet r = prepare("SELECT total_changes()").executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void bind(PreparedStatement s, int index, Object value) throws SQLException {
        switch (value) {
            case null -> s.setNull(index, java.sql.Types.NULL);
            case Boolean b -> s.setLong(index, b ? 1 : 0);
            case Integer i -> s.setLong(index, i);
            case Long l -> s.setLong(index, l);
            case Short sh -> s.setLong(index, sh);
            case Byte b -> s.setLong(index, b);
            case Double d -> s.setDouble(index, d);
            case Float f -> s.setDouble(index, f);
            case String str -> s.setString(index, str);
            case byte[] bytes -> s.setBytes(index, bytes);
            case java.math.BigInteger big -> s.setLong(index, big.longValueExact());
            case java.math.BigDecimal dec -> s.setDouble(index, dec.doubleValue());
            default -> throw new ObjectSqlException("cannot bind a " + value.getClass().getName() + " to parameter " + index
                    + ": use null, a number, a string, a boolean or a byte array");
        }
    }

    /** SQLite's own message, without the driver's "[SQLITE_ERROR] SQL error or missing database" prefix. */
    private static String message(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int open = m.indexOf("(");
        return m.startsWith("[SQLITE_") && open > 0 && m.endsWith(")") ? m.substring(open + 1, m.length() - 1) : m;
    }

    @Override
    public long size() {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw failure("databaseSize", e);
        }
    }

    @Override
    public void close() {
        abandon();
        try {
            for (PreparedStatement s : statements.values()) {
                s.close();
            }
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement s = statements.get(sql);
        if (s == null) {
            s = connection.prepareStatement(sql);
            statements.put(sql, s);
        } else {
            s.clearParameters();
        }
        return s;
    }

    private void checkOpenUnit() {
        if (depth == 0) {
            throw new IllegalStateException("no unit is open");
        }
    }

    private StorageException failure(String what, SQLException e) {
        return new StorageException(what + " on " + file + " failed: " + e.getMessage(), e);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}

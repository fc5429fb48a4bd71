package dev.kiln.bindings.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import dev.kiln.api.DurableObjectException;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.DurableObjectStorage.ListOptions;
import dev.kiln.api.SqlCursor;
import dev.kiln.api.SqlException;
import dev.kiln.api.SqlStorage;
import dev.kiln.bindings.durable.DurableObjectStores.IndexedAlarm;
import dev.kiln.spi.Backend;
import dev.kiln.spi.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Durable Object storage contract (bindings.md §2.4–§2.7, §2.9): the key-value and SQL APIs, transactions,
 * alarms and limits as a worker sees them, and the store SPI beneath them. A backend's test extends this and
 * supplies its {@link Backend}; every call runs as a real event of an object ({@link ObjectRig}), with no server
 * or socket.
 */
public abstract class DurableObjectStorageContract {

    /** A far-off alarm time, so no alarm fires while a test looks at it. */
    private static final Instant LATER = Instant.parse("2100-01-01T00:00:00Z");

    @TempDir
    Path configs;
    private Backend backend;
    private ObjectRig rig;
    private final ObjectRig.Ref sqlite = ObjectRig.newObject(ObjectRig.SQLITE_CLASS);
    private final ObjectRig.Ref kv = ObjectRig.newObject(ObjectRig.KV_CLASS);

    /**
     * @return the backend under test; every call within one test reaches the same data, which is empty at the
     *     test's first call (a second call is a restart: the previous backend was closed)
     */
    protected abstract Backend openBackend();

    @BeforeEach
    void start() {
        backend = openBackend();
        rig = new ObjectRig(stores(), configs);
    }

    @AfterEach
    void stop() {
        rig.close();
        backend.close();
    }

    private DurableObjectStores stores() {
        return backend.store(DurableObjectStores.class);
    }

    /** Closes every object, the registry and the backend, then opens them again over the same data. */
    private void restart() {
        stop();
        start();
    }

    private <T> T call(ObjectRig.Ref object, Function<DurableObjectStorage, T> body) {
        return rig.call(object, body);
    }

    private void run(ObjectRig.Ref object, Consumer<DurableObjectStorage> body) {
        rig.run(object, body);
    }

    private Optional<Object> value(ObjectRig.Ref object, String key) {
        return call(object, s -> s.get(key));
    }

    private <T> Optional<T> value(ObjectRig.Ref object, String key, Class<T> type) {
        return call(object, s -> s.get(key, type));
    }

    private SortedMap<String, Object> stored(ObjectRig.Ref object) {
        return call(object, DurableObjectStorage::list);
    }

    private Optional<Instant> alarm(ObjectRig.Ref object) {
        return call(object, DurableObjectStorage::getAlarm);
    }

    /** @return the rows of a query on the SQLite-backed object */
    private List<Map<String, Object>> rows(String query) {
        return call(sqlite, s -> s.sql().exec(query).toArray());
    }

    private static void assertRefused(Runnable call, int status, String message) {
        assertThatThrownBy(call::run).isInstanceOf(DurableObjectException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((DurableObjectException) e).status()).isEqualTo(status));
    }

    private static void assertSqlRefused(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(SqlException.class).hasMessageContaining(message);
    }

    private static Map<String, Object> entries(int count, String prefix) {
        Map<String, Object> entries = new LinkedHashMap<>();
        IntStream.range(0, count).forEach(i -> entries.put(prefix + i, i));
        return entries;
    }

    /** A record stored as a JSON object. */
    public record Point(int x, int y) {
    }

    // ---- key-value API (bindings.md §2.5) ----

    // §2.5 get/put/delete: a missing key reads as undefined; delete says whether the key existed
    @Test
    void aSingleKeyIsWrittenReadAndDeleted() {
        assertThat(value(sqlite, "k")).isEmpty();
        run(sqlite, s -> s.put("k", "v"));
        assertThat(value(sqlite, "k", String.class)).hasValue("v");
        run(sqlite, s -> s.put("k", "w"));
        assertThat(value(sqlite, "k")).hasValue("w");
        boolean existed = call(sqlite, s -> s.delete("k"));
        boolean existedAgain = call(sqlite, s -> s.delete("k"));
        assertThat(existed).isTrue();
        assertThat(existedAgain).isFalse();
        assertThat(value(sqlite, "k")).isEmpty();
    }

    // §2.5 values: structured-clone values; Kiln stores JSON-able Java values (records, maps, lists, numbers, strings, booleans)
    @Test
    void valuesAreJsonAbleJavaValues() {
        run(sqlite, s -> {
            s.put("record", new Point(1, -2));
            s.put("map", Map.of("a", List.of(1, 2), "b", Map.of("c", true)));
            s.put("list", List.of("x", 1, 2.5, false));
            s.put("long", 9_007_199_254_740_993L);
            s.put("double", 0.1);
            s.put("string", "héllo \uD83D\uDE00");
            s.put("boolean", true);
        });
        assertThat(value(sqlite, "record", Point.class)).hasValue(new Point(1, -2));
        assertThat(value(sqlite, "record")).hasValue(Map.of("x", 1, "y", -2));
        assertThat(value(sqlite, "map")).hasValue(Map.of("a", List.of(1, 2), "b", Map.of("c", true)));
        assertThat(value(sqlite, "list")).hasValue(List.of("x", 1, 2.5, false));
        assertThat(value(sqlite, "long", Long.class)).hasValue(9_007_199_254_740_993L);
        assertThat(value(sqlite, "double", Double.class)).hasValue(0.1);
        assertThat(value(sqlite, "string", String.class)).hasValue("héllo \uD83D\uDE00");
        assertThat(value(sqlite, "boolean", Boolean.class)).hasValue(true);
    }

    // §2.5 values: a value that is not JSON-able is refused (400) and stores nothing
    @Test
    void aValueThatIsNotJsonAbleIsRefused() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertRefused(() -> run(sqlite, s -> s.put("k", cycle)), 400, "cannot store a java.util.ArrayList under 'k'");
        assertThatThrownBy(() -> run(sqlite, s -> s.put("k", null))).isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThat(value(sqlite, "k")).isEmpty();
    }

    // §2.5 get(keys[≤128]) / put({…≤128}) / delete(keys[≤128]): a map sorted by key, missing keys omitted; a count
    @Test
    void upTo128KeysAreReadWrittenAndDeletedAtOnce() {
        Map<String, Object> entries = entries(128, "k");
        run(sqlite, s -> s.put(entries));
        List<String> keys = new ArrayList<>(entries.keySet());
        SortedMap<String, Object> all = call(sqlite, s -> s.get(keys));
        assertThat(all).hasSize(128).containsAllEntriesOf(entries);
        SortedMap<String, Object> some = call(sqlite, s -> s.get(List.of("k2", "missing", "k10")));
        assertThat(some).containsExactly(Map.entry("k10", 10), Map.entry("k2", 2));
        int deleted = call(sqlite, s -> s.delete(List.of("k0", "k1", "missing")));
        assertThat(deleted).isEqualTo(2);
        int deletedRest = call(sqlite, s -> s.delete(keys));
        assertThat(deletedRest).isEqualTo(126);
        assertThat(stored(sqlite)).isEmpty();
    }

    // §2.5: at most 128 keys per call; more is refused (400) and writes nothing
    @Test
    void a129KeyCallIsRefused() {
        Map<String, Object> entries = entries(129, "k");
        List<String> keys = new ArrayList<>(entries.keySet());
        assertRefused(() -> run(sqlite, s -> s.put(entries)), 400, "put: at most 128 keys per call, got 129");
        assertRefused(() -> run(sqlite, s -> s.get(keys)), 400, "get: at most 128 keys per call, got 129");
        assertRefused(() -> run(sqlite, s -> s.delete(keys)), 400, "delete: at most 128 keys per call, got 129");
        assertThat(stored(sqlite)).isEmpty();
    }

    // §2.5 list: a sorted map, ordered by the keys' UTF-8 bytes (not Java's UTF-16 order)
    @Test
    void listOrdersKeysByUtf8Bytes() {
        List<String> keys = List.of("b", "\uD83D\uDE00", "a", "\uFFFD", "é", "ab", "z");
        run(sqlite, s -> keys.forEach(k -> s.put(k, k)));
        List<String> utf8Order = List.of("a", "ab", "b", "z", "é", "\uFFFD", "\uD83D\uDE00");
        assertThat(listKeys(ListOptions.ALL)).containsExactlyElementsOf(utf8Order);
        assertThat(listKeys(ListOptions.ALL.reversed())).containsExactlyElementsOf(utf8Order.reversed());
        List<String> got = call(sqlite, s -> List.copyOf(s.get(keys).keySet()));
        assertThat(got).containsExactlyElementsOf(utf8Order);
    }

    // §2.5 list: start inclusive, startAfter exclusive, end exclusive, prefix, limit; reverse flips the order, not the bounds
    @Test
    void listHonoursBoundsPrefixReverseAndLimit() {
        run(sqlite, s -> List.of("a", "b", "c", "d", "pre/1", "pre/2", "prf").forEach(k -> s.put(k, k)));
        assertThat(listKeys(ListOptions.ALL.withStart("b").withEnd("d"))).containsExactly("b", "c");
        assertThat(listKeys(ListOptions.ALL.withStartAfter("b").withEnd("d"))).containsExactly("c");
        assertThat(listKeys(ListOptions.ALL.withPrefix("pre/"))).containsExactly("pre/1", "pre/2");
        assertThat(listKeys(ListOptions.ALL.withLimit(2))).containsExactly("a", "b");
        assertThat(listKeys(ListOptions.ALL.withStart("b").withEnd("d").reversed())).containsExactly("c", "b");
        assertThat(listKeys(ListOptions.ALL.reversed().withLimit(2))).containsExactly("prf", "pre/2");
        assertThat(listKeys(ListOptions.ALL.withPrefix("pre/").reversed().withLimit(1))).containsExactly("pre/2");
    }

    private List<String> listKeys(ListOptions options) {
        return call(sqlite, s -> List.copyOf(s.list(options).keySet()));
    }

    // §2.5 list: startAfter not with start; a limit must be positive
    @Test
    void listRefusesStartWithStartAfterAndANonPositiveLimit() {
        assertRefused(() -> listKeys(ListOptions.ALL.withStart("a").withStartAfter("b")), 400, "start and startAfter cannot both be set");
        assertRefused(() -> listKeys(ListOptions.ALL.withLimit(0)), 400, "limit must be a positive integer, got 0");
    }

    // §2.5 transaction: the callback's writes commit together and its result is returned
    @Test
    void aTransactionCommitsItsWritesAndReturnsItsResult() {
        String result = call(sqlite, s -> s.transaction(txn -> {
            txn.put("a", 1);
            txn.put("b", 2);
            return "done";
        }));
        assertThat(result).isEqualTo("done");
        assertThat(stored(sqlite)).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
    }

    // §2.5 transaction: a throw rolls back the callback's writes (key-value and SQL) and propagates; the event's other writes stay
    @Test
    void aThrowingTransactionRollsBackOnlyItsOwnWrites() {
        run(sqlite, s -> s.sql().exec("CREATE TABLE t (v INTEGER)"));
        String outcome = call(sqlite, s -> {
            s.put("before", 1);
            try {
                s.transaction(txn -> {
                    txn.put("inside", 2);
                    txn.delete("before");
                    txn.sql().exec("INSERT INTO t VALUES (1)");
                    throw new IllegalStateException("changed my mind");
                });
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
            return "no exception";
        });
        assertThat(outcome).isEqualTo("changed my mind");
        assertThat(stored(sqlite)).containsExactly(Map.entry("before", 1));
        assertThat(rows("SELECT count(*) AS n FROM t")).containsExactly(Map.of("n", 0L));
    }

    // §2.4 rule 6: an event's writes commit atomically; Kiln rolls back every write of an event that throws
    @Test
    void anEventThatThrowsLeavesNoWrite() {
        run(sqlite, s -> s.sql().exec("CREATE TABLE t (v INTEGER)"));
        assertThatThrownBy(() -> run(sqlite, s -> {
            s.put("k", 1);
            s.sql().exec("INSERT INTO t VALUES (1)");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(value(sqlite, "k")).isEmpty();
        assertThat(rows("SELECT count(*) AS n FROM t")).containsExactly(Map.of("n", 0L));
    }

    // §2.4 rules 1 and 2: one event at a time, so a read then a write is a transaction; many callers at once lose no update
    @Test
    void concurrentEventsLoseNoUpdate() throws Exception {
        int callers = 200;
        List<ObjectRig.Ref> objects = List.of(sqlite, kv);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                for (ObjectRig.Ref object : objects) {
                    done.add(pool.submit(() -> run(object, s -> s.put("n", s.get("n", Long.class).orElse(0L) + 1))));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        restart();
        for (ObjectRig.Ref object : objects) {
            assertThat(value(object, "n", Long.class)).hasValue((long) callers);
        }
    }

    // §2.5 deleteAll (SQLite): atomic, wipes the keys and the SQL tables; from 2026-02-24 also the alarm
    @Test
    void deleteAllWipesKeysTablesAndTheAlarm() {
        run(sqlite, s -> {
            s.put("k", 1);
            s.sql().exec("CREATE TABLE t (v INTEGER); CREATE INDEX t_v ON t (v); CREATE VIEW tv AS SELECT v FROM t");
            s.setAlarm(LATER);
        });
        run(sqlite, DurableObjectStorage::deleteAll);
        assertThat(stored(sqlite)).isEmpty();
        assertThat(alarm(sqlite)).isEmpty();
        assertThat(stores().indexedAlarms()).noneMatch(a -> a.objectId().equals(sqlite.id()));
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec("SELECT * FROM t")), "no such table: t");
        run(sqlite, s -> s.sql().exec("CREATE TABLE t (v INTEGER)")); // the name is free again
    }

    // §2.5 deleteAll: the KV backend wipes the keys, and the alarm from 2026-02-24
    @Test
    void deleteAllOnAKvBackedObjectWipesKeysAndTheAlarm() {
        run(kv, s -> {
            s.put("k", 1);
            s.setAlarm(LATER);
        });
        run(kv, DurableObjectStorage::deleteAll);
        assertThat(stored(kv)).isEmpty();
        assertThat(alarm(kv)).isEmpty();
    }

    // §2.5 deleteAll: before compatibility date 2026-02-24 (or with delete_all_preserves_alarm) the alarm survives
    @Test
    void deleteAllKeepsTheAlarmBeforeItsCompatibilityDate() {
        ObjectRig.Ref legacy = ObjectRig.newObject(ObjectRig.LEGACY_SCRIPT, ObjectRig.SQLITE_CLASS);
        run(legacy, s -> {
            s.put("k", 1);
            s.setAlarm(LATER);
        });
        run(legacy, DurableObjectStorage::deleteAll);
        assertThat(stored(legacy)).isEmpty();
        assertThat(alarm(legacy)).hasValue(LATER);
        assertThat(stores().indexedAlarms()).contains(new IndexedAlarm(legacy.namespace(), legacy.id(), LATER.toEpochMilli()));
    }

    // §2.5 size: SQLite-backed classes take key + value up to 2 MB; more is refused (413) and stores nothing
    @Test
    void aSqliteBackedObjectTakesKeyPlusValueUpTo2MB() {
        int limit = 2 * 1024 * 1024;
        String fits = "x".repeat(limit - 1 - 2); // key "k" is 1 byte; a JSON string adds two quotes
        run(sqlite, s -> s.put("k", fits));
        assertThat(value(sqlite, "k", String.class)).hasValue(fits);
        assertRefused(() -> run(sqlite, s -> s.put("k2", fits)), 413, "key + value = " + (limit + 1) + " bytes > " + limit);
        String longKey = "é".repeat(2000); // 4,000 bytes: over the KV backend's key limit, fine here
        run(sqlite, s -> s.put(longKey, 1));
        assertThat(value(sqlite, longKey)).hasValue(1);
        assertThat(value(sqlite, "k2")).isEmpty();
        // §2.6: the SQL API's strings and BLOBs stay limited to 2 MB
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec("SELECT zeroblob(?)", limit + 1)), "too big");
    }

    // §2.5 size: KV-backed classes (new_classes) take keys up to 2 KiB and values up to 128 KiB; more is refused (413)
    @Test
    void aKvBackedObjectTakesKeysUpTo2KiBAndValuesUpTo128KiB() {
        String key = "k".repeat(2048);
        String value = "v".repeat(128 * 1024 - 2);
        run(kv, s -> s.put(key, value));
        assertThat(value(kv, key, String.class)).hasValue(value);
        assertRefused(() -> run(kv, s -> s.put(key + "k", 1)), 413, "key is too long: 2049 bytes > 2048");
        assertRefused(() -> run(kv, s -> s.get(key + "k")), 413, "2049 bytes > 2048");
        assertRefused(() -> run(kv, s -> s.delete(key + "k")), 413, "2049 bytes > 2048");
        assertRefused(() -> run(kv, s -> s.put("other", value + "v")), 413, "value is too large: 131073 bytes > 131072");
        assertThat(value(kv, "other")).isEmpty();
    }

    // §2.4 output gate: a write is acknowledged only once durable, so it outlives the process (a close and reopen)
    @Test
    void acknowledgedWritesSurviveAReopen() {
        run(sqlite, s -> {
            s.put("k", new Point(3, 4));
            s.sql().exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')");
            s.setAlarm(LATER);
        });
        run(kv, s -> s.put("k", "kv"));
        assertThatThrownBy(() -> run(sqlite, s -> {
            s.put("lost", 1);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        restart();
        assertThat(value(sqlite, "k", Point.class)).hasValue(new Point(3, 4));
        assertThat(value(sqlite, "lost")).isEmpty();
        assertThat(rows("SELECT v FROM t")).containsExactly(Map.of("v", "kept"));
        assertThat(alarm(sqlite)).hasValue(LATER);
        assertThat(value(kv, "k")).hasValue("kv");
    }

    // ---- SQL API (bindings.md §2.6) ----

    // §2.6 exec(query, ...bindings): bound values in, rows as maps out (Long, Double, String, byte[], null), columnNames
    @Test
    void execBindsValuesAndReturnsTypedRows() {
        SqlCursor cursor = call(sqlite, s -> {
            SqlStorage sql = s.sql();
            sql.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT, f INTEGER)");
            sql.exec("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", 42, 2.5, "héllo", new byte[] {1, 2, (byte) 255}, null, true);
            return sql.exec("SELECT * FROM t");
        });
        assertThat(cursor.columnNames()).containsExactly("i", "r", "s", "b", "n", "f");
        Map<String, Object> row = cursor.one();
        assertThat(row).containsEntry("i", 42L).containsEntry("r", 2.5).containsEntry("s", "héllo").containsEntry("n", null)
                .containsEntry("f", 1L);
        assertThat((byte[]) row.get("b")).containsExactly(1, 2, 255);
    }

    // §2.6: several ;-separated statements; bindings and the cursor apply to the last; rowsRead/rowsWritten
    @Test
    void severalStatementsRunAndTheCursorCountsRows() {
        SqlCursor insert = call(sqlite, s -> s.sql().exec(
                "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2); INSERT INTO t VALUES (?)", 3));
        assertThat(insert.rowsWritten()).isEqualTo(3);
        assertThat(insert.columnNames()).isEmpty();
        SqlCursor select = call(sqlite, s -> s.sql().exec("SELECT v FROM t WHERE v >= ? ORDER BY v", 2));
        assertThat(select.rowsRead()).isEqualTo(2);
        assertThat(select.rowsWritten()).isZero();
        assertThat(select.toArray()).containsExactly(Map.of("v", 2L), Map.of("v", 3L));
        assertThat(select.toArray()).isEmpty();
        SqlCursor update = call(sqlite, s -> s.sql().exec("UPDATE t SET v = v * 10"));
        assertThat(update.rowsWritten()).isEqualTo(3);
    }

    // §2.6 cursor: one() throws unless exactly one row; raw() gives value lists and shares the position with next()
    @Test
    void cursorOneAndRawFollowTheSpec() {
        run(sqlite, s -> s.sql().exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')"));
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec("SELECT * FROM t WHERE a > 9").one()), "got no results");
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec("SELECT * FROM t WHERE a < 3").one()), "got 2 results");
        SqlCursor cursor = call(sqlite, s -> s.sql().exec("SELECT a, b FROM t ORDER BY a"));
        assertThat(cursor.next()).isEqualTo(Map.of("a", 1L, "b", "x"));
        Iterator<List<Object>> raw = cursor.raw();
        assertThat(raw.next()).containsExactly(2L, "y");
        assertThat(cursor.one()).isEqualTo(Map.of("a", 3L, "b", "z"));
        assertThat(raw.hasNext()).isFalse();
    }

    // §2.6: BEGIN/SAVEPOINT (transaction control) are refused, and so is Kiln's hidden __cf_ storage
    @Test
    void transactionControlAndHiddenTablesAreRefused() {
        run(sqlite, s -> s.put("k", 1));
        for (String statement : List.of("BEGIN", "BEGIN TRANSACTION", "SAVEPOINT s", "COMMIT", "ROLLBACK", "RELEASE s")) {
            assertSqlRefused(() -> run(sqlite, s -> s.sql().exec(statement)), "is not allowed in a Durable Object's SQL");
        }
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec("SELECT * FROM __cf_kv")), "access to __cf_kv is not allowed");
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec("DELETE FROM __cf_kv")), "not allowed");
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec("CREATE TABLE __cf_mine (v)")), "not allowed");
        assertThat(value(sqlite, "k")).hasValue(1);
    }

    // §2.6 limits: a statement up to 100 KB, at most 100 bound parameters
    @Test
    void statementSizeAndBoundParametersAreLimited() {
        String prefix = "SELECT '";
        String fits = prefix + "x".repeat(100_000 - prefix.length() - 1) + "'";
        assertThat(rows(fits)).singleElement().satisfies(row -> assertThat(row.values()).singleElement().asString()
                .hasSize(100_000 - prefix.length() - 1));
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec(fits + " ")), "100001 bytes > 100000");
        Object[] hundred = IntStream.range(0, 100).boxed().toArray();
        String select100 = "SELECT " + String.join(", ", java.util.Collections.nCopies(100, "?"));
        List<Object> values = call(sqlite, s -> s.sql().exec(select100, hundred).raw().next());
        assertThat(values).hasSize(100).endsWith(99L);
        Object[] hundredAndOne = IntStream.range(0, 101).boxed().toArray();
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec(select100 + ", ?", hundredAndOne)), "101 > 100");
    }

    // §2.6: a failing statement is an error; the event's earlier writes stay
    @Test
    void aFailingStatementLeavesTheEventsEarlierWrites() {
        String outcome = call(sqlite, s -> {
            s.sql().exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            s.sql().exec("INSERT INTO t VALUES (1)");
            try {
                s.sql().exec("INSERT INTO t VALUES (2); INSERT INTO t VALUES (1)");
            } catch (SqlException e) {
                return e.getMessage();
            }
            return "no exception";
        });
        assertThat(outcome).contains("UNIQUE constraint failed");
        assertThat(rows("SELECT id FROM t ORDER BY id")).containsExactly(Map.of("id", 1L));
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec("SELECT ?", 1, 2)), "wrong number of bindings");
        assertSqlRefused(() -> run(sqlite, s -> s.sql().exec("SELECT ?", new Object())), "cannot bind a java.lang.Object");
    }

    // §2.6 databaseSize: the database's size in bytes, growing with its data
    @Test
    void databaseSizeGrowsWithTheData() {
        long empty = call(sqlite, s -> s.sql().databaseSize());
        assertThat(empty).isPositive();
        run(sqlite, s -> s.sql().exec("CREATE TABLE t (b BLOB); INSERT INTO t VALUES (zeroblob(?))", 500_000));
        long grown = call(sqlite, s -> s.sql().databaseSize());
        assertThat(grown).isGreaterThan(empty + 400_000);
    }

    // §2.6: the SQL API is for SQLite classes only; a KV-backed class throws
    @Test
    void aKvBackedObjectHasNoSqlApi() {
        assertRefused(() -> run(kv, DurableObjectStorage::sql), 400, "the SQL API needs a SQLite-backed class");
    }

    // ---- alarms (bindings.md §2.7) ----

    // §2.7: one alarm per object; setAlarm replaces it, getAlarm reads it, deleteAlarm removes it; the index follows
    @Test
    void anAlarmIsSetReplacedReadAndDeletedAndIndexed() {
        assertThat(alarm(sqlite)).isEmpty();
        run(sqlite, s -> s.setAlarm(LATER));
        run(sqlite, s -> s.setAlarm(LATER.plusSeconds(60)));
        assertThat(alarm(sqlite)).hasValue(LATER.plusSeconds(60));
        assertThat(stores().indexedAlarms()).contains(new IndexedAlarm(sqlite.namespace(), sqlite.id(), LATER.plusSeconds(60).toEpochMilli()))
                .noneMatch(a -> a.objectId().equals(sqlite.id()) && a.epochMillis() == LATER.toEpochMilli());
        run(kv, s -> s.setAlarm(LATER));
        assertThat(alarm(kv)).hasValue(LATER);
        run(sqlite, DurableObjectStorage::deleteAlarm);
        assertThat(alarm(sqlite)).isEmpty();
        assertThat(stores().indexedAlarms()).noneMatch(a -> a.objectId().equals(sqlite.id()))
                .contains(new IndexedAlarm(kv.namespace(), kv.id(), LATER.toEpochMilli()));
    }

    // §2.7: an alarm set in an event that fails is not set
    @Test
    void anAlarmSetByAFailedEventIsNotSet() {
        assertThatThrownBy(() -> run(sqlite, s -> {
            s.setAlarm(LATER);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(alarm(sqlite)).isEmpty();
        assertThat(stores().indexedAlarms()).noneMatch(a -> a.objectId().equals(sqlite.id()));
    }

    // §2.7: a past time fires as soon as possible; on success the alarm clears (also from the index)
    @Test
    void aDueAlarmFiresAndClears() {
        Instant due = Instant.now().minusSeconds(1);
        run(sqlite, s -> s.setAlarm(due));
        await().atMost(Duration.ofSeconds(10)).until(() -> call(sqlite, s -> s.get(ObjectRig.ALARM_FIRED, Long.class)).isPresent());
        assertThat(value(sqlite, ObjectRig.ALARM_FIRED, Long.class)).hasValue(due.toEpochMilli());
        assertThat(alarm(sqlite)).isEmpty();
        assertThat(stores().indexedAlarms()).noneMatch(a -> a.objectId().equals(sqlite.id()));
    }

    // §2.7: Kiln persists alarms (the object's and the index) so they are re-armed after a restart
    @Test
    void anAlarmSurvivesAReopenInTheObjectAndTheIndex() {
        run(sqlite, s -> s.setAlarm(LATER));
        restart();
        assertThat(stores().indexedAlarms()).contains(new IndexedAlarm(sqlite.namespace(), sqlite.id(), LATER.toEpochMilli()));
        assertThat(alarm(sqlite)).hasValue(LATER);
    }

    // ---- the store SPI (DurableObjectStores) ----

    // The store lists the namespaces and the objects that have storage; an object that never touched storage has none
    @Test
    void theStoreListsNamespacesAndObjectsWithStorage() {
        ObjectRig.Ref other = ObjectRig.newObject(ObjectRig.SQLITE_CLASS);
        ObjectRig.Ref untouched = ObjectRig.newObject(ObjectRig.SQLITE_CLASS);
        run(sqlite, s -> s.put("k", 1));
        run(other, s -> s.put("k", 2));
        run(kv, s -> s.put("k", 3));
        run(untouched, s -> { });
        assertThat(stores().objects(sqlite.namespace())).containsExactlyInAnyOrder(sqlite.id(), other.id())
                .isSorted();
        assertThat(stores().objects(kv.namespace())).containsExactly(kv.id());
        assertThat(stores().namespaces()).contains(sqlite.namespace(), kv.namespace());
        assertThat(stores().objects("kit.Nothing")).isEmpty();
    }

    // bindings.md §2.9 renamed/transferred classes keep their data: rename moves a namespace's objects and alarms
    @Test
    void renameMovesANamespacesObjectsAndAlarms() {
        run(sqlite, s -> {
            s.put("k", "moved");
            s.setAlarm(LATER);
        });
        run(kv, s -> s.put("k", 1));
        rig.close();
        String to = ObjectRig.SCRIPT + ".Renamed";
        stores().rename(sqlite.namespace(), to);
        assertThat(stores().namespaces()).contains(to).doesNotContain(sqlite.namespace());
        assertThat(stores().objects(to)).containsExactly(sqlite.id());
        assertThat(stores().indexedAlarms()).contains(new IndexedAlarm(to, sqlite.id(), LATER.toEpochMilli()))
                .noneMatch(a -> a.namespace().equals(sqlite.namespace()));
        try (ObjectDatabase db = stores().openReadOnly(to, sqlite.id())) {
            assertThat(db.get("k")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("\"moved\""));
        }
        assertThatThrownBy(() -> stores().rename(to, kv.namespace())).isInstanceOf(StorageException.class).hasMessageContaining("already exists");
        rig = new ObjectRig(stores(), configs);
    }

    // bindings.md §2.9 deleted_classes destroy all objects and data: delete drops a namespace's objects and alarms
    @Test
    void deleteDropsANamespaceWithItsAlarms() {
        run(sqlite, s -> {
            s.put("k", 1);
            s.setAlarm(LATER);
        });
        rig.close();
        assertThat(stores().delete(sqlite.namespace())).isTrue();
        assertThat(stores().objects(sqlite.namespace())).isEmpty();
        assertThat(stores().namespaces()).doesNotContain(sqlite.namespace());
        assertThat(stores().indexedAlarms()).noneMatch(a -> a.namespace().equals(sqlite.namespace()));
        assertThat(stores().delete(sqlite.namespace())).isFalse();
        assertThatThrownBy(() -> stores().openReadOnly(sqlite.namespace(), sqlite.id())).isInstanceOf(StorageException.class);
        rig = new ObjectRig(stores(), configs);
    }

    // bindings.md §2.9: tags record what was applied, once; the record is stored durably per worker
    @Test
    void theMigrationsRecordIsStoredPerWorker() {
        assertThat(stores().migrations(ObjectRig.SCRIPT)).hasValueSatisfying(json -> assertThat(json)
                .contains("\"v1\"", ObjectRig.SQLITE_CLASS, ObjectRig.KV_CLASS));
        assertThat(stores().migrations("nobody")).isEmpty();
        stores().saveMigrations("other", "{\"tags\":[\"a\"],\"classes\":{}}");
        stores().saveMigrations("other", "{\"tags\":[\"a\",\"b\"],\"classes\":{}}");
        restart();
        assertThat(stores().migrations("other")).hasValue("{\"tags\":[\"a\",\"b\"],\"classes\":{}}");
    }

    // The store's object database: released units become durable at commit; rolled-back and abandoned ones never do
    @Test
    void anObjectDatabaseCommitsOnlyReleasedUnits() {
        String namespace = ObjectRig.SCRIPT + ".Direct";
        String id = sqlite.id();
        try (ObjectDatabase db = stores().open(namespace, id)) {
            db.begin();
            db.put("kept", bytes("1"));
            db.begin();
            db.put("inner", bytes("2"));
            db.rollback();
            db.release();
            db.commit();
            db.begin();
            db.put("abandoned", bytes("3"));
            db.release();
            db.abandon();
            db.begin();
            db.put("never committed", bytes("4"));
            db.release();
        }
        try (ObjectDatabase db = stores().openReadOnly(namespace, id)) {
            assertThat(db.get(List.of("kept", "inner", "abandoned", "never committed"))).containsOnlyKeys("kept");
        }
        assertThat(stores().objects(namespace)).containsExactly(id);
        assertThat(stores().location(namespace)).isNotBlank();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // The store refuses malformed namespaces and ids rather than reaching outside its data
    @Test
    void theStoreRefusesMalformedNamespacesAndIds() {
        assertThatThrownBy(() -> stores().open("../escape", sqlite.id())).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> stores().open(sqlite.namespace(), "../" + sqlite.id())).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> stores().indexAlarm(sqlite.namespace(), "not-an-id", OptionalLong.of(1))).isInstanceOf(StorageException.class);
    }
}

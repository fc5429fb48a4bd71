package dev.kiln.bindings.d1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.kiln.api.D1Database;
import dev.kiln.api.D1DatabaseSession;
import dev.kiln.api.D1Exception;
import dev.kiln.api.D1PreparedStatement;
import dev.kiln.api.D1Result;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The D1 contract (bindings.md §3). A backend's test extends this and supplies a fresh, empty database.
 * Each limit and error case of the spec is one test, named for the behaviour.
 */
public abstract class D1Contract {

    protected D1Database db;

    /** @return a new, empty database */
    protected abstract D1Database newDatabase();

    @BeforeEach
    void createDatabase() {
        db = newDatabase();
        db.prepare("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER)").run();
    }

    private static void assertD1Error(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOf(D1Exception.class)
                .hasMessageStartingWith("D1_ERROR: ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((D1Exception) e).code()).isEqualTo(code))
                .satisfies(e -> assertThat(((D1Exception) e).status()).isEqualTo(500));
    }

    private long count() {
        return (Long) db.prepare("SELECT count(*) AS n FROM users").first("n").orElseThrow();
    }

    private void insert(String name, Object age) {
        db.prepare("INSERT INTO users (name, age) VALUES (?, ?)").bind(name, age).run();
    }

    // bindings.md §3 run()/all(): identical {success, meta, results}; results = [] for writes
    @Test
    void runAndAllGiveRowsAsObjectsAndEmptyResultsForWrites() {
        D1Result<Map<String, Object>> write = db.prepare("INSERT INTO users (name, age) VALUES ('ada', 36)").run();
        assertThat(write.success()).isTrue();
        assertThat(write.results()).isEmpty();
        insert("bob", 41);
        D1Result<Map<String, Object>> all = db.prepare("SELECT id, name, age FROM users ORDER BY id").all();
        assertThat(all.success()).isTrue();
        assertThat(all.results()).containsExactly(
                Map.of("id", 1L, "name", "ada", "age", 36L),
                Map.of("id", 2L, "name", "bob", "age", 41L));
        assertThat(List.copyOf(all.results().get(0).keySet())).containsExactly("id", "name", "age");
        assertThat(db.prepare("SELECT * FROM users ORDER BY id").run().results()).isEqualTo(all.results());
    }

    // bindings.md §3 first(): first row or null, no LIMIT added
    @Test
    void firstGivesTheFirstRowOrEmpty() {
        assertThat(db.prepare("SELECT * FROM users").first()).isEmpty();
        insert("ada", 36);
        insert("bob", 41);
        assertThat(db.prepare("SELECT name FROM users ORDER BY id DESC").first()).hasValue(Map.of("name", "bob"));
    }

    // bindings.md §3 first(col): that column; rows but no such column → D1_COLUMN_NOTFOUND
    @Test
    void firstColumnGivesTheValueAndAMissingColumnIsColumnNotFound() {
        assertThat(db.prepare("SELECT name FROM users").first("nope")).as("no rows: no error").isEmpty();
        insert("ada", null);
        assertThat(db.prepare("SELECT name, age FROM users").first("name")).hasValue("ada");
        assertThat(db.prepare("SELECT name, age FROM users").first("age")).as("NULL").isEmpty();
        assertD1Error(() -> db.prepare("SELECT name FROM users").first("nope"), D1Exception.D1_COLUMN_NOTFOUND, "nope");
    }

    // bindings.md §3 raw({columnNames}): arrays of values; columnNames puts the names first
    @Test
    void rawGivesRowArraysWithColumnNamesFirstWhenAsked() {
        insert("ada", 36);
        assertThat(db.prepare("SELECT name, age FROM users").raw()).containsExactly(List.of("ada", 36L));
        assertThat(db.prepare("SELECT name, age FROM users").raw(true))
                .containsExactly(List.of("name", "age"), List.of("ada", 36L));
        assertThat(db.prepare("SELECT name FROM users WHERE 0").raw(true)).containsExactly(List.of("name"));
    }

    // bindings.md §3 bind(): ? and ?NNN (1-based)
    @Test
    void bindTakesAnonymousAndNumberedParameters() {
        D1PreparedStatement insert = db.prepare("INSERT INTO users (name, age) VALUES (?, ?)");
        insert.bind("ada", 36).run();
        insert.bind("bob", 41).run();
        assertThat(db.prepare("SELECT ?2 || '-' || ?1 || '-' || ?2 AS s").bind("a", "b").first("s")).hasValue("b-a-b");
        assertThat(db.prepare("SELECT name FROM users WHERE age > ?").bind(40).raw()).containsExactly(List.of("bob"));
    }

    // bindings.md §3 bind(): no named parameters
    @Test
    void namedParametersAreRejected() {
        assertD1Error(() -> db.prepare("SELECT * FROM users WHERE name = :name").bind("ada").all(), D1Exception.D1_ERROR, ":name");
        assertD1Error(() -> db.prepare("SELECT * FROM users WHERE name = @name").bind("ada").all(), D1Exception.D1_ERROR, "@name");
        assertThat(db.prepare("SELECT ':not-a-param' AS s").first("s")).as("inside a literal").hasValue(":not-a-param");
    }

    // bad input: binding-parameter mismatch is a precise error, nothing written, next request works
    @Test
    void aBindingCountMismatchIsAPreciseErrorAndWritesNothing() {
        assertD1Error(() -> db.prepare("INSERT INTO users (name, age) VALUES (?, ?)").bind("ada").run(),
                D1Exception.D1_ERROR, "Wrong number of parameter bindings");
        assertD1Error(() -> db.prepare("INSERT INTO users (name) VALUES (?)").bind("ada", 1, 2).run(),
                D1Exception.D1_ERROR, "takes 1, 3 given");
        assertThat(count()).isZero();
        insert("ada", 36);
        assertThat(count()).isEqualTo(1);
    }

    // bindings.md §3 types JS→SQLite: null→NULL; integral number→INTEGER; number→REAL; string→TEXT; boolean→1/0; bytes→BLOB
    @Test
    void valuesMapToSqliteTypesAsJavaScriptValuesDo() {
        D1PreparedStatement types = db.prepare("SELECT typeof(?) AS t, ? AS v");
        assertThat(types.bind(null, null).raw()).containsExactly(java.util.Arrays.asList("null", null));
        assertThat(types.bind(7, 7).raw()).containsExactly(List.of("integer", 7L));
        assertThat(types.bind(7L, 7L).raw()).containsExactly(List.of("integer", 7L));
        assertThat(types.bind(3.0, 3.0).raw()).as("an integral number is INTEGER").containsExactly(List.of("integer", 3L));
        assertThat(types.bind(2.5, 2.5).raw()).containsExactly(List.of("real", 2.5));
        assertThat(types.bind(1.5f, 1.5f).raw()).containsExactly(List.of("real", 1.5));
        assertThat(types.bind("héllo", "héllo").raw()).containsExactly(List.of("text", "héllo"));
        assertThat(types.bind(true, false).raw()).containsExactly(List.of("integer", 0L));
        assertThat(types.bind(true, true).raw()).containsExactly(List.of("integer", 1L));
        List<Object> blob = types.bind(new byte[] {0, 1, (byte) 255}, new byte[] {0, 1, (byte) 255}).raw().get(0);
        assertThat(blob.get(0)).isEqualTo("blob");
        assertThat((byte[]) blob.get(1)).containsExactly(0, 1, 255);
        List<Object> buffer = types.bind(ByteBuffer.wrap(new byte[] {9}), ByteBuffer.wrap(new byte[] {9})).raw().get(0);
        assertThat(buffer.get(0)).isEqualTo("blob");
        assertThat((byte[]) buffer.get(1)).containsExactly(9);
    }

    // bindings.md §3: other types → D1_TYPE_ERROR: Type '<t>' not supported for value '<v>'; no BigInt
    @Test
    void anUnsupportedTypeIsATypeError() {
        assertD1Error(() -> db.prepare("SELECT ?").bind(BigInteger.TEN), D1Exception.D1_TYPE_ERROR,
                "Type 'java.math.BigInteger' not supported for value '10'");
        assertD1Error(() -> db.prepare("SELECT ?").bind(new Object() {
            @Override
            public String toString() {
                return "thing";
            }
        }), D1Exception.D1_TYPE_ERROR, "not supported for value 'thing'");
    }

    // bindings.md §3 meta: duration, changes, last_row_id, changed_db, size_after, rows_read, rows_written
    @Test
    void metaReportsWhatTheQueryDid() {
        insert("ada", 36);
        var meta = db.prepare("INSERT INTO users (name, age) VALUES (?, ?)").bind("bob", 41).run().meta();
        assertThat(meta.changes()).isEqualTo(1);
        assertThat(meta.lastRowId()).isEqualTo(2);
        assertThat(meta.changedDb()).isTrue();
        assertThat(meta.rowsWritten()).isEqualTo(1);
        assertThat(meta.sizeAfter()).isPositive();
        assertThat(meta.duration()).isGreaterThanOrEqualTo(0);
        var update = db.prepare("UPDATE users SET age = age + 1").run().meta();
        assertThat(update.changes()).isEqualTo(2);
        var read = db.prepare("SELECT * FROM users").all().meta();
        assertThat(read.changes()).isZero();
        assertThat(read.changedDb()).isFalse();
        assertThat(read.rowsRead()).isEqualTo(2);
        assertThat(read.toMap()).containsKeys("duration", "changes", "last_row_id", "changed_db", "size_after",
                "rows_read", "rows_written", "served_by", "served_by_primary", "timings");
    }

    // INSERT ... RETURNING gives rows from a write
    @Test
    void returningGivesTheWrittenRows() {
        assertThat(db.prepare("INSERT INTO users (name) VALUES (?) RETURNING id, name").bind("ada").first())
                .hasValue(Map.of("id", 1L, "name", "ada"));
    }

    // bindings.md §3 batch: results in order, sequential, one transaction
    @Test
    void batchRunsStatementsInOrderAndGivesOneResultEach() {
        D1PreparedStatement insert = db.prepare("INSERT INTO users (name, age) VALUES (?, ?)");
        var results = db.batch(List.of(insert.bind("ada", 36), insert.bind("bob", 41),
                db.prepare("SELECT name FROM users ORDER BY id")));
        assertThat(results).hasSize(3);
        assertThat(results.get(0).meta().lastRowId()).isEqualTo(1);
        assertThat(results.get(1).meta().lastRowId()).isEqualTo(2);
        assertThat(results.get(2).results()).containsExactly(Map.of("name", "ada"), Map.of("name", "bob"));
        assertThat(db.batch(List.of())).isEmpty();
    }

    // bindings.md §3 batch: any failure rolls back all and names the failing statement
    @Test
    void aFailingBatchStatementRollsBackTheWholeBatchAndIsNamed() {
        insert("ada", 36);
        D1PreparedStatement insert = db.prepare("INSERT INTO users (name, age) VALUES (?, ?)");
        assertD1Error(() -> db.batch(List.of(insert.bind("bob", 41), db.prepare("UPDATE users SET age = 99"),
                insert.bind("ada", 1), insert.bind("cy", 2))), D1Exception.D1_ERROR, "batch statement 3 of 4");
        assertD1Error(() -> db.batch(List.of(insert.bind("bob", 41), insert.bind("ada", 1))), D1Exception.D1_ERROR,
                "UNIQUE constraint failed: users.name");
        assertThat(db.prepare("SELECT name, age FROM users").raw()).containsExactly(List.of("ada", 36L));
        insert("bob", 41);
        assertThat(count()).isEqualTo(2);
    }

    // a batch that fails before running (bad binding in statement 2) also writes nothing
    @Test
    void aBatchWithAnInvalidStatementWritesNothing() {
        D1PreparedStatement insert = db.prepare("INSERT INTO users (name, age) VALUES (?, ?)");
        assertD1Error(() -> db.batch(List.of(insert.bind("ada", 1), db.prepare("SELEC nope"))), D1Exception.D1_ERROR, "syntax error");
        assertD1Error(() -> db.batch(List.of(insert.bind("ada", 1), insert.bind("bob"))), D1Exception.D1_ERROR, "parameter bindings");
        assertThat(count()).isZero();
    }

    // bad input: invalid SQL is a precise error, and the next request works
    @Test
    void invalidSqlIsAPreciseErrorAndTheNextQueryWorks() {
        assertD1Error(() -> db.prepare("SELEC * FROM users").all(), D1Exception.D1_ERROR, "near \"SELEC\": syntax error");
        assertD1Error(() -> db.prepare("SELECT * FROM missing").all(), D1Exception.D1_ERROR, "no such table: missing");
        assertD1Error(() -> db.prepare("INSERT INTO users (name) VALUES (NULL)").run(), D1Exception.D1_ERROR, "NOT NULL constraint failed");
        assertD1Error(() -> db.prepare("   -- only a comment").all(), D1Exception.D1_ERROR, "No SQL statements detected");
        insert("ada", 36);
        assertThat(count()).isEqualTo(1);
    }

    // bindings.md §3 prepare: one statement; several belong in batch() or exec()
    @Test
    void aPreparedStatementTakesExactlyOneStatement() {
        assertD1Error(() -> db.prepare("INSERT INTO users (name) VALUES ('a'); INSERT INTO users (name) VALUES ('b')").run(),
                D1Exception.D1_ERROR, "exactly one SQL statement, got 2");
        assertThat(count()).isZero();
        assertThat(db.prepare("SELECT 1 AS one; -- trailing comment").first("one")).hasValue(1L);
        assertThat(db.prepare("SELECT 'a;b' AS s").first("s")).hasValue("a;b");
    }

    // bindings.md §3 exec: split on newlines, one statement per line → {count, duration}
    @Test
    void execRunsOneStatementPerLineAndCountsThem() {
        var result = db.exec("INSERT INTO users (name) VALUES ('a')\n\nINSERT INTO users (name) VALUES ('b');\n-- note\nUPDATE users SET age = 1");
        assertThat(result.count()).isEqualTo(3);
        assertThat(result.duration()).isGreaterThanOrEqualTo(0);
        assertThat(count()).isEqualTo(2);
    }

    // bindings.md §3 exec: D1_EXEC_ERROR: Error in line N: …, later lines skipped
    @Test
    void execNamesTheFailingLineAndSkipsLaterLines() {
        assertD1Error(() -> db.exec("INSERT INTO users (name) VALUES ('a')\nINSERT INTO nope VALUES (1)\nINSERT INTO users (name) VALUES ('c')"),
                D1Exception.D1_EXEC_ERROR, "Error in line 2: INSERT INTO nope VALUES (1): no such table: nope");
        assertThat(db.prepare("SELECT name FROM users").raw()).containsExactly(List.of("a"));
    }

    // the store owns transactions: explicit transaction control would break batch atomicity
    @Test
    void transactionControlStatementsAreRefused() {
        for (String sql : List.of("BEGIN", "BEGIN TRANSACTION", "COMMIT", "END", "ROLLBACK", "SAVEPOINT s", "RELEASE s")) {
            assertD1Error(() -> db.prepare(sql).run(), D1Exception.D1_ERROR, "not authorized");
        }
        D1PreparedStatement insert = db.prepare("INSERT INTO users (name) VALUES (?)");
        assertD1Error(() -> db.batch(List.of(insert.bind("a"), db.prepare("COMMIT"), insert.bind("b"))),
                D1Exception.D1_ERROR, "batch statement 2 of 3");
        assertThat(count()).isZero();
    }

    // a trigger's BEGIN ... END body is not transaction control
    @Test
    void triggersWithBeginEndBodiesWork() {
        db.prepare("CREATE TABLE log (msg TEXT)").run();
        db.prepare("CREATE TRIGGER users_log AFTER INSERT ON users BEGIN INSERT INTO log VALUES ('added ' || NEW.name); END").run();
        insert("ada", 1);
        assertThat(db.prepare("SELECT msg FROM log").raw()).containsExactly(List.of("added ada"));
    }

    // no ATTACH: a database cannot reach other files
    @Test
    void attachIsRefused() {
        assertD1Error(() -> db.prepare("ATTACH DATABASE 'other.sqlite' AS other").run(), D1Exception.D1_ERROR, "not authorized");
        assertD1Error(() -> db.prepare("DETACH DATABASE other").run(), D1Exception.D1_ERROR, "not authorized");
    }

    // pragmas that change the store's durability or schema handling are refused; introspection works
    @Test
    void unsafePragmasAreRefusedAndIntrospectionPragmasWork() {
        for (String sql : List.of("PRAGMA journal_mode = DELETE", "PRAGMA synchronous = OFF", "PRAGMA writable_schema = ON",
                "PRAGMA main.journal_mode", "PRAGMA query_only = 1")) {
            assertD1Error(() -> db.prepare(sql).run(), D1Exception.D1_ERROR, "not authorized: PRAGMA");
        }
        assertThat(db.prepare("PRAGMA table_info(users)").all().results()).extracting(r -> r.get("name"))
                .containsExactly("id", "name", "age");
        assertThat(db.prepare("SELECT name FROM pragma_table_list WHERE name = 'users'").raw()).containsExactly(List.of("users"));
    }

    // D1 enforces foreign keys
    @Test
    void foreignKeysAreEnforced() {
        db.prepare("CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id))").run();
        assertD1Error(() -> db.prepare("INSERT INTO posts (user_id) VALUES (42)").run(), D1Exception.D1_ERROR, "FOREIGN KEY constraint failed");
    }

    // bindings.md §3 migrations: a migration may PRAGMA defer_foreign_keys = true; violations left at the end still fail
    @Test
    void deferForeignKeysDefersChecksToTheEndOfTheBatch() {
        db.prepare("CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id))").run();
        db.batch(List.of(db.prepare("PRAGMA defer_foreign_keys = true"),
                db.prepare("INSERT INTO posts (user_id) VALUES (1)"),
                db.prepare("INSERT INTO users (id, name) VALUES (1, 'ada')")));
        assertThat(count()).isEqualTo(1);
        assertD1Error(() -> db.batch(List.of(db.prepare("PRAGMA defer_foreign_keys = true"),
                db.prepare("INSERT INTO posts (user_id) VALUES (7)"))), D1Exception.D1_ERROR, "FOREIGN KEY constraint failed");
        assertThat(db.prepare("SELECT count(*) AS n FROM posts").first("n")).hasValue(1L);
        assertD1Error(() -> db.prepare("INSERT INTO posts (user_id) VALUES (8)").run(), D1Exception.D1_ERROR,
                "FOREIGN KEY constraint failed");
    }

    // bindings.md §3 limits: statement 100,000 bytes
    @Test
    void aStatementOverOneHundredThousandBytesIsRejected() {
        String padding = " ".repeat(100_000);
        assertD1Error(() -> db.prepare("SELECT 1" + padding).all(), D1Exception.D1_ERROR, "100008 bytes > 100000");
        assertThat(db.prepare("SELECT 1 AS one" + " ".repeat(100_000 - 15)).first("one")).hasValue(1L);
    }

    // bindings.md §3 limits: 100 bound parameters
    @Test
    void moreThanOneHundredBoundParametersAreRejected() {
        String hundred = IntStream.range(0, 100).mapToObj(i -> "?").collect(Collectors.joining(","));
        Object[] values = IntStream.range(0, 100).boxed().toArray();
        assertThat(db.prepare("SELECT " + hundred).bind(values).raw().get(0)).hasSize(100);
        Object[] more = IntStream.range(0, 101).boxed().toArray();
        assertD1Error(() -> db.prepare("SELECT " + hundred + ",?").bind(more).raw(), D1Exception.D1_ERROR, "too many SQL variables");
    }

    // bindings.md §3 limits: 100 columns
    @Test
    void moreThanOneHundredColumnsAreRejected() {
        String columns = IntStream.range(0, 101).mapToObj(i -> "c" + i + " INTEGER").collect(Collectors.joining(", "));
        assertD1Error(() -> db.prepare("CREATE TABLE wide (" + columns + ")").run(), D1Exception.D1_ERROR, "too many columns");
        String hundred = IntStream.range(0, 100).mapToObj(i -> "c" + i + " INTEGER").collect(Collectors.joining(", "));
        db.prepare("CREATE TABLE wide (" + hundred + ")").run();
    }

    // bindings.md §3 limits: row/string/BLOB 1,000,000 bytes
    @Test
    void aValueOverOneMillionBytesIsRejectedAndNothingIsWritten() {
        db.prepare("CREATE TABLE blobs (b BLOB)").run();
        assertD1Error(() -> db.prepare("INSERT INTO blobs VALUES (?)").bind((Object) new byte[1_000_001]).run(),
                D1Exception.D1_ERROR, "too big");
        assertD1Error(() -> db.prepare("INSERT INTO blobs VALUES (?)").bind("x".repeat(1_000_001)).run(),
                D1Exception.D1_ERROR, "too big");
        assertThat(db.prepare("SELECT count(*) AS n FROM blobs").first("n")).hasValue(0L);
        db.prepare("INSERT INTO blobs VALUES (?)").bind((Object) new byte[900_000]).run();
        assertThat(db.prepare("SELECT length(b) AS n FROM blobs").first("n")).hasValue(900_000L);
    }

    // bindings.md §3 limits: 32 function arguments
    @Test
    void moreThanThirtyTwoFunctionArgumentsAreRejected() {
        String args32 = IntStream.range(0, 32).mapToObj(String::valueOf).collect(Collectors.joining(","));
        assertThat(db.prepare("SELECT max(" + args32 + ") AS m").first("m")).hasValue(31L);
        assertD1Error(() -> db.prepare("SELECT max(" + args32 + ",32)").all(), D1Exception.D1_ERROR, "too many arguments");
    }

    // bindings.md §3 limits: LIKE/GLOB pattern 50 bytes
    @Test
    void aLikePatternOverFiftyBytesIsRejected() {
        insert("ada", 1);
        assertThat(db.prepare("SELECT name FROM users WHERE name LIKE ?").bind("a" + "%".repeat(49)).raw()).hasSize(1);
        assertD1Error(() -> db.prepare("SELECT name FROM users WHERE name LIKE ?").bind("a" + "%".repeat(50)).raw(),
                D1Exception.D1_ERROR, "LIKE or GLOB pattern too complex");
    }

    // bindings.md §3 sessions: the bookmark only moves forward; queries see earlier writes
    @Test
    void aSessionBookmarkOnlyMovesForwardAndReadsItsWrites() {
        D1DatabaseSession session = db.withSession("first-primary");
        assertThat(session.getBookmark()).isEmpty();
        session.prepare("INSERT INTO users (name) VALUES (?)").bind("ada").run();
        String first = session.getBookmark().orElseThrow();
        assertThat(session.prepare("SELECT name FROM users").raw()).containsExactly(List.of("ada"));
        String second = session.getBookmark().orElseThrow();
        assertThat(second.compareTo(first)).isPositive();
        D1DatabaseSession resumed = db.withSession(second);
        assertThat(resumed.getBookmark()).hasValue(second);
        resumed.batch(List.of(resumed.prepare("SELECT 1")));
        assertThat(resumed.getBookmark().orElseThrow().compareTo(second)).isPositive();
        assertThat(db.withSession().prepare("SELECT count(*) AS n FROM users").first("n")).hasValue(1L);
    }

    // bindings.md §3 sessions: empty bookmark → D1_SESSION_ERROR
    @Test
    void anEmptyBookmarkIsASessionError() {
        assertD1Error(() -> db.withSession(""), D1Exception.D1_SESSION_ERROR, "bookmark");
    }

    // a backend may cache prepared statements; many distinct statements must keep working (and not pile up)
    @Test
    void manyDistinctStatementsKeepWorking() {
        for (int i = 0; i < 300; i++) {
            assertThat(db.prepare("SELECT " + i + " AS n").first("n")).hasValue((long) i);
        }
        assertThat(db.prepare("SELECT 0 AS n").first("n")).hasValue(0L);
        insert("ada", 1);
        db.prepare("ALTER TABLE users ADD COLUMN email TEXT").run();
        assertThat(db.prepare("SELECT * FROM users").first()).hasValueSatisfying(r -> assertThat(r).containsKey("email"));
    }

    // results are the caller's: they cannot be changed under another caller
    @Test
    void resultsAreUnmodifiable() {
        insert("ada", 1);
        List<Map<String, Object>> rows = new ArrayList<>(db.prepare("SELECT name FROM users").all().results());
        assertThatThrownBy(() -> rows.get(0).put("name", "x")).isInstanceOf(UnsupportedOperationException.class);
    }
}

package dev.kiln.bindings.durable.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.kiln.bindings.durable.ObjectDatabase;
import dev.kiln.bindings.durable.ObjectSqlException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One object's SQLite database: units of writes, commit, key order, SQL rules. Real files. */
class SqliteObjectDatabaseTest {

    @TempDir
    Path dir;
    Path file;
    SqliteObjectDatabase db;

    @BeforeEach
    void open() {
        file = dir.resolve("ns.C").resolve("a".repeat(64) + ".sqlite");
        db = new SqliteObjectDatabase(file, false);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onlyCommittedUnitsSurviveAReopen() {
        db.begin();
        db.put("kept", b("1"));
        db.release();
        db.begin();
        db.put("undone", b("2"));
        db.rollback();
        db.commit();
        db.begin();
        db.put("never committed", b("3"));
        db.release();
        db.close();
        db = new SqliteObjectDatabase(file, false);
        assertThat(db.get("kept")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("1"));
        assertThat(db.get("undone")).isEmpty();
        assertThat(db.get("never committed")).isEmpty();
    }

    @Test
    void listOrdersKeysByUtf8BytesWithBoundsPrefixAndReverse() {
        db.begin();
        for (String k : List.of("a", "ab", "b", "é", "z", "\uD83D\uDE00", "\uFFFD")) {
            db.put(k, b(k));
        }
        db.release();
        assertThat(keys(new ObjectDatabase.ListQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, 0)))
                .containsExactly("a", "ab", "b", "z", "é", "\uFFFD", "\uD83D\uDE00");
        assertThat(keys(new ObjectDatabase.ListQuery(Optional.of("ab"), Optional.empty(), Optional.of("z"), Optional.empty(), false, 0)))
                .containsExactly("ab", "b");
        assertThat(keys(new ObjectDatabase.ListQuery(Optional.empty(), Optional.of("ab"), Optional.empty(), Optional.empty(), true, 2)))
                .containsExactly("\uD83D\uDE00", "\uFFFD");
        assertThat(keys(new ObjectDatabase.ListQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("a"), false, 0)))
                .containsExactly("a", "ab");
    }

    private List<String> keys(ObjectDatabase.ListQuery query) {
        return db.list(query).stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void prefixSuccessorHandlesTrailing0xFF() {
        assertThat(SqliteObjectDatabase.successor(new byte[] {1, (byte) 0xFF})).containsExactly(2);
        assertThat(SqliteObjectDatabase.successor(new byte[] {(byte) 0xFF})).isNull();
    }

    @Test
    void sqlRunsSeveralStatementsAndReportsTheLast() {
        db.begin();
        ObjectDatabase.SqlResult r = db.exec("CREATE TABLE t (x INTEGER, y TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'); SELECT x, y FROM t WHERE x > ?",
                List.of(0));
        assertThat(r.columns()).containsExactly("x", "y");
        assertThat(r.rows()).containsExactly(List.of(1L, "a"), List.of(2L, "b"));
        assertThat(r.rowsWritten()).isEqualTo(2);
        assertThat(r.rowsRead()).isEqualTo(4);
        db.release();
        db.commit();
    }

    @Test
    void sqlRulesAreEnforced() {
        db.begin();
        assertThatThrownBy(() -> db.exec("SAVEPOINT x", List.of())).isInstanceOf(ObjectSqlException.class).hasMessageContaining("SAVEPOINT is not allowed");
        assertThatThrownBy(() -> db.exec("select * from \"__cf_kv\"", List.of())).isInstanceOf(ObjectSqlException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> db.exec("SELECT ?", List.of())).isInstanceOf(ObjectSqlException.class)
                .hasMessageContaining("the statement has 1 parameter(s), 0 value(s) given");
        assertThatThrownBy(() -> db.exec("SELECT " + "1,".repeat(60_000) + "1", List.of())).isInstanceOf(ObjectSqlException.class)
                .hasMessageContaining("SQL statement is too long");
        assertThatThrownBy(() -> db.exec("SELEC 1", List.of())).isInstanceOf(ObjectSqlException.class).hasMessageContaining("syntax error");
        assertThat(db.exec("SELECT '--; BEGIN' AS s", List.of()).rows()).containsExactly(List.of("--; BEGIN"));
        // bindings.md §2.6 limits: 100 columns, 32 function arguments, LIKE patterns of 50 bytes, 2 MB values.
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            columns.append(i == 0 ? "" : ", ").append("c").append(i);
        }
        assertThatThrownBy(() -> db.exec("CREATE TABLE wide (" + columns + ")", List.of())).isInstanceOf(ObjectSqlException.class)
                .hasMessageContaining("too many columns");
        assertThatThrownBy(() -> db.exec("SELECT max(" + "1,".repeat(32) + "1)", List.of())).isInstanceOf(ObjectSqlException.class)
                .hasMessageContaining("too many arguments");
        assertThatThrownBy(() -> db.exec("SELECT 'a' LIKE ?", List.of("%".repeat(51)))).isInstanceOf(ObjectSqlException.class)
                .hasMessageContaining("pattern too complex");
        assertThatThrownBy(() -> db.exec("SELECT zeroblob(?)", List.of(2 * 1024 * 1024 + 1))).isInstanceOf(ObjectSqlException.class)
                .hasMessageContaining("too big");
        db.release();
    }

    @Test
    void deleteAllWipesKeysTablesAndTheAlarm() {
        db.begin();
        db.put("k", b("v"));
        db.exec("CREATE TABLE t (x); CREATE INDEX tx ON t (x); CREATE VIEW v AS SELECT * FROM t", List.of());
        db.setAlarm(OptionalLong.of(123));
        db.deleteAll();
        assertThat(db.get("k")).isEmpty();
        assertThat(db.alarm()).isEmpty();
        assertThat(db.exec("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_\\_cf%' ESCAPE '\\'", List.of()).rows())
                .isEmpty();
        db.release();
        db.commit();
    }

    @Test
    void readOnlyCannotWrite() {
        db.begin();
        db.put("k", b("v"));
        db.release();
        db.commit();
        try (SqliteObjectDatabase reader = new SqliteObjectDatabase(file, true)) {
            assertThat(reader.get("k")).isPresent();
            assertThatThrownBy(() -> reader.exec("CREATE TABLE t (x)", List.of())).hasMessageContaining("readonly");
        }
    }
}

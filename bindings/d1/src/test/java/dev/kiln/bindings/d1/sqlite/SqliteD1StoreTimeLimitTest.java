package dev.kiln.bindings.d1.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.kiln.bindings.d1.D1StatementException;
import dev.kiln.bindings.d1.D1Store.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bindings.md §3: a query has a time limit (30 s; shortened here), after which it stops and keeps nothing. */
class SqliteD1StoreTimeLimitTest {

    /** Never ends on its own: counts upwards forever. */
    private static final String ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) ";

    @TempDir
    Path dir;

    @Test
    void aReadPastTheTimeLimitIsStoppedWithAPreciseErrorAndTheNextQueryWorks() {
        try (SqliteD1Store store = new SqliteD1Store(dir.resolve("db.sqlite"), Duration.ofMillis(200))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.execute(new Statement(ENDLESS + "SELECT count(*) FROM n", List.of())))
                    .isInstanceOf(D1StatementException.class)
                    .hasMessageContaining("exceeded the time limit of 200 ms").hasMessageContaining("SQLITE_INTERRUPT");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

            assertThat(store.execute(new Statement("SELECT 42 AS answer", List.of())).rows()).containsExactly(List.of(42L));
        }
    }

    @Test
    void aWritePastTheTimeLimitKeepsNothingOfItsBatch() {
        try (SqliteD1Store store = new SqliteD1Store(dir.resolve("db.sqlite"), Duration.ofMillis(200))) {
            store.execute(new Statement("CREATE TABLE t (x INTEGER)", List.of()));
            assertThatThrownBy(() -> store.batch(List.of(
                    new Statement("INSERT INTO t VALUES (1)", List.of()),
                    new Statement(ENDLESS + "INSERT INTO t SELECT x FROM n", List.of()))))
                    .isInstanceOf(D1StatementException.class).hasMessageContaining("SQLITE_INTERRUPT");

            assertThat(store.execute(new Statement("SELECT count(*) FROM t", List.of())).rows()).containsExactly(List.of(0L));
            store.execute(new Statement("INSERT INTO t VALUES (2)", List.of()));
            assertThat(store.execute(new Statement("SELECT x FROM t", List.of())).rows()).containsExactly(List.of(2L));
        }
    }

    @Test
    void writesQueuedWithAStoppedWriteAreNotLostWithIt() throws Exception {
        try (SqliteD1Store store = new SqliteD1Store(dir.resolve("db.sqlite"), Duration.ofMillis(200));
             var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            store.execute(new Statement("CREATE TABLE t (x INTEGER)", List.of()));
            // The writer commits queued writes together; a stopped statement ends SQLite's whole transaction.
            var endless = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            var inserts = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int round = 0; round < 3; round++) {
                endless.add(threads.submit(() -> store.execute(new Statement(ENDLESS + "INSERT INTO t SELECT -x FROM n", List.of()))));
                for (int i = 0; i < 10; i++) {
                    long value = round * 10L + i;
                    inserts.add(threads.submit(() -> store.execute(new Statement("INSERT INTO t VALUES (?)", List.of(value)))));
                }
            }
            for (var f : endless) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(D1StatementException.class).hasMessageContaining("SQLITE_INTERRUPT");
            }
            for (var f : inserts) {
                f.get();
            }
            assertThat(store.execute(new Statement("SELECT count(*), min(x) FROM t", List.of())).rows())
                    .containsExactly(List.of(30L, 0L));
        }
    }
}

package dev.kiln.runtime.internal;

import dev.kiln.api.D1Database;
import dev.kiln.storage.sqlite.EmbeddedStorage;
import dev.kiln.tck.D1Contract;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The D1 contract on the embedded backend (SQLite files). */
class SqliteD1ContractTest extends D1Contract {

    @TempDir
    Path state;
    private EmbeddedStorage storage;

    @Override
    protected D1Database newDatabase() {
        storage = new EmbeddedStorage(state);
        return new D1Binding(storage.d1("db-" + UUID.randomUUID()));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    // bindings.md §3 limits: DB 10 GB; the embedded store enforces it through SQLite's max_page_count
    @org.junit.jupiter.api.Test
    void theDatabaseSizeLimitIsTenGigabytes() {
        Object pages = db.prepare("SELECT * FROM pragma_max_page_count()").raw().get(0).get(0);
        Object pageSize = db.prepare("SELECT * FROM pragma_page_size()").raw().get(0).get(0);
        org.assertj.core.api.Assertions.assertThat((Long) pages * (Long) pageSize).isBetween(9_990_000_000L, 10_000_000_000L);
    }
}

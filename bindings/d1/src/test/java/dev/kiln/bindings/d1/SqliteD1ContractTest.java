package dev.kiln.bindings.d1;

import dev.kiln.api.D1Database;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendSettings;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The D1 contract on the embedded backend (SQLite files). */
class SqliteD1ContractTest extends D1Contract {

    @TempDir
    Path state;
    private Backend storage;

    @Override
    protected D1Database newDatabase() {
        storage = Backend.open(BackendSettings.embedded(state));
        return new D1Binding(storage.store(D1Stores.class).database("db-" + UUID.randomUUID()));
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

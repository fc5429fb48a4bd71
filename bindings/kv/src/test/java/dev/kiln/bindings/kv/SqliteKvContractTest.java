package dev.kiln.bindings.kv;

import dev.kiln.api.KvNamespace;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendSettings;
import dev.kiln.spi.MutableClock;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The KV contract on the embedded backend (SQLite files). */
class SqliteKvContractTest extends KvContract {

    @TempDir
    Path state;
    private Backend storage;

    @Override
    protected KvNamespace newNamespace(MutableClock clock) {
        storage = Backend.open(BackendSettings.embedded(state));
        return new KvBinding(storage.store(KvStores.class).namespace("ns-" + UUID.randomUUID()), clock);
    }

    @AfterEach
    void close() {
        storage.close();
    }
}

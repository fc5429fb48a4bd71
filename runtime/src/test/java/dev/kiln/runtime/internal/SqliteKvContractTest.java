package dev.kiln.runtime.internal;

import dev.kiln.api.KvNamespace;
import dev.kiln.storage.sqlite.EmbeddedStorage;
import dev.kiln.tck.KvContract;
import dev.kiln.tck.MutableClock;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The KV contract on the embedded backend (SQLite files). */
class SqliteKvContractTest extends KvContract {

    @TempDir
    Path state;
    private EmbeddedStorage storage;

    @Override
    protected KvNamespace newNamespace(MutableClock clock) {
        storage = new EmbeddedStorage(state);
        return new KvBinding(storage.kv("ns-" + UUID.randomUUID()), clock);
    }

    @AfterEach
    void close() {
        storage.close();
    }
}

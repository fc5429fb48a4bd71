package dev.kiln.runtime.internal;

import dev.kiln.api.R2Bucket;
import dev.kiln.storage.StorageBackend;
import dev.kiln.storage.r2.R2BucketHandle;
import dev.kiln.storage.sqlite.EmbeddedStorage;
import dev.kiln.tck.R2Contract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The R2 contract on the embedded backend (SQLite index and content files), through the worker binding. */
class SqliteR2ContractTest extends R2Contract {

    @TempDir
    Path state;

    @Override
    protected StorageBackend newBackend() {
        return new EmbeddedStorage(state);
    }

    @Override
    protected R2Bucket wrap(R2BucketHandle handle) {
        return new R2Binding(() -> handle);
    }
}

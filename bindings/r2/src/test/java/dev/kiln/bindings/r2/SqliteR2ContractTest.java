package dev.kiln.bindings.r2;

import dev.kiln.api.R2Bucket;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The R2 contract on the embedded backend (SQLite index and content files), through the worker binding. */
class SqliteR2ContractTest extends R2Contract {

    @TempDir
    Path state;

    @Override
    protected Backend newBackend() {
        return Backend.open(BackendSettings.embedded(state));
    }

    @Override
    protected R2Bucket wrap(R2BucketHandle handle) {
        return new R2Binding(() -> handle);
    }
}

package dev.kiln.bindings.durable;

import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The Durable Object storage contract on the embedded backend (one SQLite file per object, do/index.sqlite). */
class SqliteDurableObjectStorageContractTest extends DurableObjectStorageContract {

    @TempDir
    Path state;

    @Override
    protected Backend openBackend() {
        return Backend.open(BackendSettings.embedded(state));
    }
}

package dev.kiln.s3;

import dev.kiln.bindings.r2.BucketStores;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendSettings;
import java.nio.file.Path;

/** The S3 listener alone in its own JVM, for tests that bound its memory: {@code S3ServerMain STATE_DIR}; prints {@code PORT n}. */
public final class S3ServerMain {

    private S3ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Backend storage = Backend.open(BackendSettings.embedded(Path.of(args[0])));
        S3Server server = S3Server.start("127.0.0.1", 0, storage.store(BucketStores.class), storage.store(CredentialStore.class));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join(); // until the test destroys the process
    }
}

package dev.kiln.s3;

import dev.kiln.storage.sqlite.EmbeddedStorage;
import java.nio.file.Path;

/** The S3 listener alone in its own JVM, for tests that bound its memory: {@code S3ServerMain STATE_DIR}; prints {@code PORT n}. */
public final class S3ServerMain {

    private S3ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedStorage storage = new EmbeddedStorage(Path.of(args[0]));
        CredentialStore credentials = CredentialStore.open(Path.of(args[0]));
        S3Server server = S3Server.start("127.0.0.1", 0, storage, credentials);
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join(); // until the test destroys the process
    }
}

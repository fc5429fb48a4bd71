package dev.kiln.cli;

import dev.kiln.http.HttpListener;
import dev.kiln.s3.CredentialStore;
import dev.kiln.s3.S3Server;
import dev.kiln.storage.StorageBackend;
import java.net.URI;
import java.nio.file.Path;

/** The S3-compatible listener of {@code kiln dev --s3-port}, with the credential store it owns. */
final class S3Listener implements AutoCloseable {

    private final CredentialStore credentials;
    private final S3Server server;

    private S3Listener(CredentialStore credentials, S3Server server) {
        this.credentials = credentials;
        this.server = server;
    }

    static S3Listener start(String host, int port, StorageBackend storage, Path stateDir) {
        CredentialStore credentials = CredentialStore.open(stateDir);
        try {
            return new S3Listener(credentials, S3Server.start(host, port, storage, credentials));
        } catch (RuntimeException e) {
            credentials.close();
            throw e;
        }
    }

    URI url() {
        return server.url();
    }

    HttpListener listener() {
        return server.listener();
    }

    @Override
    public void close() {
        server.close();
        credentials.close();
    }
}

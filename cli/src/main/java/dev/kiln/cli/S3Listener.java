package dev.kiln.cli;

import dev.kiln.bindings.r2.BucketStores;
import dev.kiln.http.HttpListener;
import dev.kiln.s3.CredentialStore;
import dev.kiln.s3.S3Server;
import dev.kiln.spi.Backend;
import java.net.URI;

/** The S3-compatible listener of {@code kiln dev --s3-port}, over the buckets and access keys of the running backend. */
final class S3Listener implements AutoCloseable {

    private final S3Server server;

    private S3Listener(S3Server server) {
        this.server = server;
    }

    static S3Listener start(String host, int port, Backend backend) {
        return new S3Listener(S3Server.start(host, port, backend.store(BucketStores.class), backend.store(CredentialStore.class)));
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
    }
}

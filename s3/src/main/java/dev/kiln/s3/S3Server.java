package dev.kiln.s3;

import dev.kiln.bindings.r2.BucketStores;
import dev.kiln.http.HttpListener;
import io.helidon.http.encoding.ContentEncodingContext;
import java.net.URI;
import java.time.Clock;

/**
 * The S3-compatible listener ({@code kiln dev --s3-port}): its own Helidon server, one virtual thread per
 * request, serving the buckets of a storage backend to clients that sign with an access key of the
 * {@link CredentialStore}. Path-style addressing only ({@code http://host:port/bucket/key}).
 */
public final class S3Server implements AutoCloseable {

    /** URLs up to 16 KB (keys are up to 1,024 bytes, percent-encoded up to three times that), headers 128 KB. */
    private static final int MAX_PROLOGUE = 16 * 1024 + 64;
    private static final int MAX_HEADERS = 128 * 1024;
    /**
     * Socket buffers for bodies of many MiB: Helidon reads a socket 8 KiB at a time, and with the default
     * buffers most of those reads wait for data (measured: 64 MiB in 0.6 s with defaults, 0.1-0.2 s with these).
     */
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    private static final int WRITE_BUFFER = 64 * 1024;

    private final HttpListener server;
    private final String host;

    private S3Server(HttpListener server, String host) {
        this.server = server;
        this.host = host;
    }

    /**
     * Starts the listener; returns once it accepts connections. The buckets and credential store stay owned
     * by the caller.
     *
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     */
    public static S3Server start(String host, int port, BucketStores buckets, CredentialStore credentials) {
        return start(host, port, buckets, credentials, Clock.systemUTC());
    }

    static S3Server start(String host, int port, BucketStores buckets, CredentialStore credentials, Clock clock) {
        S3Handler handler = new S3Handler(new Authenticator(credentials::secret, clock), new S3Operations(buckets, clock));
        HttpListener server = HttpListener.builder("s3")
                .host(host)
                .port(port)
                // With request decoding off (below), Helidon accepts a Content-Encoding header only when it does
                // not validate headers.
                .http1(http1 -> http1.maxPrologueLength(MAX_PROLOGUE).maxHeadersSize(MAX_HEADERS).validateRequestHeaders(false))
                .routing(routing -> routing.any(handler))
                .server(config -> config
                        .backlog(1024)
                        // Content-Encoding is the object's metadata in S3 (and aws-chunked is decoded here, with
                        // its signatures): the server must neither decode request bodies nor encode responses.
                        .contentEncoding(ContentEncodingContext.builder().contentEncodingsDiscoverServices(false).build())
                        .connectionOptions(socket -> socket.tcpNoDelay(true).socketReceiveBufferSize(SOCKET_BUFFER)
                                .socketSendBufferSize(SOCKET_BUFFER))
                        .writeBufferSize(WRITE_BUFFER))
                .start();
        return new S3Server(server, host);
    }

    /** @return the port it listens on */
    public int port() {
        return server.port();
    }

    /** @return the endpoint URL, for clients ({@code endpointOverride}) */
    public URI url() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port());
    }

    /** @return the listener, for the admin API's health report */
    public HttpListener listener() {
        return server;
    }

    /** Stops accepting connections and stops. */
    @Override
    public void close() {
        server.close();
    }
}

package dev.kiln.runtime;

import dev.kiln.api.Body;
import dev.kiln.api.Headers;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;

/**
 * Outbound {@code fetch}: sends a worker's request with Helidon's blocking HTTP/1.1 client (made for virtual
 * threads: no thread hand-offs, pooled keep-alive connections) and streams the response back.
 */
final class OutboundHttp implements AutoCloseable {

    /** Hop-by-hop and client-managed headers, never forwarded (RFC 9110 §7.6.1); the client sets framing itself. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "keep-alive", "proxy-connection",
            "te", "trailer", "transfer-encoding", "http2-settings");
    /** Without a timeout from the worker, a silent connection is given up after this long. */
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(10);

    private final WebClient client = WebClient.builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(DEFAULT_READ_TIMEOUT)
            .followRedirects(true)
            .sendExpectContinue(false)
            // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm holds the
            // body back until the peer's delayed ACK (up to 40 ms) on every request with a body.
            .socketOptions(socket -> socket.tcpNoDelay(true))
            .build();

    /**
     * @return the response, its body streaming from the connection
     * @throws UncheckedIOException if the connection fails
     */
    public Response send(Request request) {
        return send(request, null);
    }

    /**
     * @param timeout how long to wait for the response headers (and for each later read of the body), or null
     * @throws UncheckedIOException if the connection fails; with an {@link HttpTimeoutException} cause on timeout
     */
    public Response send(Request request, Duration timeout) {
        HttpClientRequest out = client.method(Method.create(request.method())).uri(request.url());
        if (timeout != null) {
            out.readTimeout(timeout);
        }
        out.headers(headers -> request.headers().forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name)) {
                headers.add(HeaderValues.create(name, value));
            }
        }));
        HttpClientResponse response;
        try {
            Body body = request.body();
            if (body.isStreamed()) {
                response = out.outputStream(stream -> {
                    body.writeTo(stream);
                    stream.close();
                });
            } else {
                byte[] bytes = body.bytes();
                response = bytes.length == 0 && !hasBody(request.method()) ? out.request() : out.submit(bytes);
            }
        } catch (RuntimeException e) {
            throw failure(request, timeout, e);
        }
        Headers.Builder headers = Headers.builder();
        response.headers().forEach(header -> {
            for (String value : header.allValues()) {
                headers.add(header.name(), value);
            }
        });
        Headers received = headers.build();
        InputStream stream = new ReleasingStream(response, request, timeout);
        Body responseBody = received.first("content-length")
                .map(Long::parseLong)
                .map(length -> Body.of(stream, length))
                .orElseGet(() -> Body.of(stream));
        return Response.of(response.status().code(), received, responseBody);
    }

    private static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static UncheckedIOException failure(Request request, Duration timeout, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new UncheckedIOException("fetch " + request.method() + " " + request.url() + " timed out after "
                        + (timeout == null ? DEFAULT_READ_TIMEOUT : timeout).toMillis() + " ms",
                        new HttpTimeoutException("no response within " + (timeout == null ? DEFAULT_READ_TIMEOUT : timeout)));
            }
        }
        IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new UncheckedIOException("fetch " + request.method() + " " + request.url() + " failed: " + message, cause);
    }

    /** The response body; closing it (or reading it to the end) gives the connection back to the pool. */
    private static final class ReleasingStream extends FilterInputStream {
        private final HttpClientResponse response;
        private final Request request;
        private final Duration timeout;

        ReleasingStream(HttpClientResponse response, Request request, Duration timeout) {
            super(response.inputStream());
            this.response = response;
            this.request = request;
            this.timeout = timeout;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (RuntimeException e) {
                throw failure(request, timeout, e).getCause();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (RuntimeException e) {
                throw failure(request, timeout, e).getCause();
            }
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                response.close();
            }
        }
    }

    @Override
    public void close() {
        client.closeResource();
    }
}

package dev.kiln.runtime.internal;

import dev.kiln.api.Body;
import dev.kiln.api.Headers;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Outbound {@code fetch}: sends a worker's request with the JDK HTTP client and streams the response back. */
public final class OutboundHttp implements AutoCloseable {

    /** Hop-by-hop and client-managed headers, never forwarded (RFC 9110 §7.6.1; the JDK sets the rest itself). */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "keep-alive", "proxy-connection",
            "te", "trailer", "transfer-encoding", "http2-settings");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(KilnThreads.perTask("kiln-fetch"))
            .build();

    /**
     * @return the response, its body streaming from the connection
     * @throws UncheckedIOException if the connection fails
     */
    public Response send(Request request) {
        return send(request, null);
    }

    /** @param timeout how long to wait for the status and headers, or null for no limit */
    public Response send(Request request, Duration timeout) {
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(request.url()));
        if (timeout != null) {
            out.timeout(timeout);
        }
        request.headers().forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name)) {
                out.header(name, value);
            }
        });
        Body body = request.body();
        HttpRequest.BodyPublisher publisher;
        if (!body.isStreamed()) {
            byte[] bytes = body.bytes();
            publisher = bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes);
        } else {
            InputStream stream = body.stream();
            publisher = body.length().isPresent()
                    ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> stream), body.length().getAsLong())
                    : HttpRequest.BodyPublishers.ofInputStream(() -> stream);
        }
        out.method(request.method(), publisher);
        try {
            HttpResponse<InputStream> response = client.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
            Headers.Builder headers = Headers.builder();
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":")) {
                    for (String value : values) {
                        headers.add(name, value);
                    }
                }
            });
            Headers received = headers.build();
            Body responseBody = received.first("content-length")
                    .map(Long::parseLong)
                    .map(length -> Body.of(response.body(), length))
                    .orElseGet(() -> Body.of(response.body()));
            return Response.of(response.statusCode(), received, responseBody);
        } catch (IOException e) {
            throw new UncheckedIOException("fetch " + request.method() + " " + request.url() + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException("fetch " + request.url() + " interrupted", new IOException(e));
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        client.close();
    }

    static List<String> notForwarded() {
        return List.copyOf(NOT_FORWARDED);
    }
}

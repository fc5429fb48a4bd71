package dev.kiln.server;

import dev.kiln.api.Body;
import dev.kiln.api.Headers;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.api.WebSocket;
import dev.kiln.runtime.ClientDisconnectedException;
import dev.kiln.runtime.Exchange;
import dev.kiln.runtime.KilnRuntime;
import dev.kiln.runtime.WebSocketEndpoint;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.Header;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Takes HTTP/1.1 requests that ask for a WebSocket upgrade on the worker listener and runs them through the
 * worker. If the worker answers with {@link Response#webSocket}, this writes the {@code 101} and hands the
 * connection to a {@link WebSocketConnection}; any other answer is written as a plain response and the
 * connection closes (an upgrade request is never run twice). A request that is not a valid handshake is left
 * to the ordinary routing, where a {@code 101} from the worker becomes a {@code 400} naming the problem.
 */
final class WebSocketUpgrader implements Http1Upgrader {

    /** Handshake headers Kiln writes itself; framing headers make no sense on a 101 or a close-delimited body. */
    private static final Set<String> OWN_HEADERS = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
            "upgrade", "sec-websocket-accept", "sec-websocket-extensions");

    private final KilnRuntime runtime;
    private final String protocol;
    private final WebSocketConnection.Timing timing;

    /**
     * @param protocol the {@code Upgrade} value this instance answers (Helidon matches it exactly, so Kiln
     *     registers the common spellings)
     */
    WebSocketUpgrader(KilnRuntime runtime, String protocol, WebSocketConnection.Timing timing) {
        this.runtime = runtime;
        this.protocol = protocol;
        this.timing = timing;
    }

    @Override
    public String supportedProtocol() {
        return protocol;
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        String method = prologue.method().text();
        if (WebSocketHandshake.problem(method, name -> first(headers, name)).isPresent()) {
            return null;
        }
        Exchange exchange = runtime.handle(toRequest(ctx, prologue, headers));
        Response response = exchange.response();
        Optional<WebSocket> socket = response.webSocket();
        if (socket.isEmpty()) {
            writePlain(ctx, exchange);
            return ENDED;
        }
        WebSocketConnection connection = new WebSocketConnection(ctx, timing);
        WebSocketEndpoint endpoint;
        try {
            endpoint = runtime.connectWebSocket(socket.get(), connection);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // bindings.md §2.2-style worker fault: a 101 needs an accepted socket made by WebSocket.create().
            Exchange failed = new Replaced(exchange, Response.text(500, e.getMessage() + " (request id " + exchange.requestId() + ")\n"));
            writePlain(ctx, failed);
            exchange.finish(e);
            return ENDED;
        }
        connection.endpoint(endpoint);
        try {
            write101(ctx, response, first(headers, "sec-websocket-key").orElseThrow(), exchange.requestId());
        } catch (RuntimeException e) {
            endpoint.onClose(WebSocket.ABNORMAL_CLOSURE, "", false);
            exchange.finish(new ClientDisconnectedException(e));
            return ENDED;
        }
        exchange.finish(null);
        return connection;
    }

    private static void write101(ConnectionContext ctx, Response response, String key, String requestId) {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 101 Switching Protocols\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Accept: ").append(WebSocketHandshake.acceptKey(key)).append("\r\n");
        appendHeaders(head, response.headers(), requestId);
        ctx.dataWriter().writeNow(BufferData.create(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Writes a non-upgrade answer and ends the connection; a body of unknown length ends with the connection. */
    private static void writePlain(ConnectionContext ctx, Exchange exchange) {
        Response response = exchange.response();
        Body body = response.body();
        Throwable error = null;
        try {
            StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(response.status()).append(' ')
                    .append(Status.create(response.status()).reasonPhrase()).append("\r\n")
                    .append("Connection: close\r\n");
            appendHeaders(head, response.headers(), exchange.requestId());
            byte[] whole = body.isStreamed() ? null : body.bytes();
            if (whole != null) {
                head.append("Content-Length: ").append(whole.length).append("\r\n");
            }
            ctx.dataWriter().writeNow(BufferData.create(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1)));
            if (whole != null) {
                ctx.dataWriter().writeNow(BufferData.create(whole));
            } else {
                body.writeTo(new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        ctx.dataWriter().writeNow(BufferData.create(b, off, len));
                    }
                });
            }
        } catch (IOException e) {
            error = new UncheckedIOException(e);
        } catch (RuntimeException e) {
            error = new ClientDisconnectedException(e);
        } finally {
            exchange.finish(error);
        }
    }

    private static void appendHeaders(StringBuilder head, Headers headers, String requestId) {
        headers.forEach((name, value) -> {
            if (!OWN_HEADERS.contains(name) && !name.equals("kiln-request-id")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        head.append("kiln-request-id: ").append(requestId).append("\r\n");
    }

    private static Request toRequest(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        String host = first(headers, "host").orElse("localhost");
        String rawQuery = prologue.query().rawValue();
        String url = "http://" + host + prologue.uriPath().rawPath() + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
        Headers.Builder copy = Headers.builder();
        for (Header header : headers) {
            for (String value : header.allValues()) {
                copy.add(header.name(), value);
            }
        }
        String client = ctx.remotePeer().host();
        return Request.builder(url).method(prologue.method().text()).headers(copy.build()).clientAddress(() -> client).build();
    }

    private static Optional<String> first(WritableHeaders<?> headers, String name) {
        return headers.first(io.helidon.http.HeaderNames.create(name));
    }

    /** A connection that ends at once: after a plain answer to an upgrade request, the connection closes. */
    private static final ServerConnection ENDED = new ServerConnection() {
        @Override
        public void handle(Limit limit) {
        }

        @Override
        public Duration idleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close(boolean interrupt) {
        }
    };

    /** The worker's exchange, answered with Kiln's own response instead. */
    private record Replaced(Exchange original, Response response) implements Exchange {
        @Override
        public String requestId() {
            return original.requestId();
        }

        @Override
        public void finish(Throwable error) {
            // the original exchange is finished by the caller, with the cause
        }
    }
}

package dev.kiln.server;

import dev.kiln.api.Body;
import dev.kiln.api.Headers;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.runtime.ClientDisconnectedException;
import dev.kiln.runtime.Exchange;
import dev.kiln.runtime.KilnRuntime;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;
import java.util.Set;

/** Adapts HTTP exchanges on the worker listener to the runtime: Helidon request in, worker response out. */
final class WorkerHandler implements Handler {

    /** Framing headers the server sets itself from the body (RFC 9112 §6). */
    private static final io.helidon.http.HeaderName REQUEST_ID = HeaderNames.create("kiln-request-id");
    private static final long SMALL_BODY = 64 * 1024;
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "keep-alive");

    private final KilnRuntime runtime;
    private final long maxBody;

    WorkerHandler(KilnRuntime runtime) {
        this.runtime = runtime;
        this.maxBody = runtime.options().maxRequestBodyBytes();
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        var declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBody) {
            // bindings.md §12: over the request body limit → 413, before the worker runs.
            res.status(Status.REQUEST_ENTITY_TOO_LARGE_413).header(HeaderNames.CONNECTION, "close")
                    .send("Request body is too large: " + declared.getAsLong() + " bytes > limit " + maxBody + "\n");
            return;
        }
        FramedBodyStream body = req.content().hasEntity() ? new FramedBodyStream(req.content().inputStream()) : null;
        Exchange exchange = runtime.handle(toRequest(req, body));
        if (body != null && body.malformed()) {
            // Framing is lost whatever the worker answered: the rest of the connection is not a request.
            exchange.finish(null);
            res.status(Status.BAD_REQUEST_400).header(HeaderNames.CONNECTION, "close")
                    .send("Malformed request body (request id " + exchange.requestId() + ")\n");
            return;
        }
        if (exchange.response().webSocket().isPresent()) {
            runtime.abandonWebSocket(exchange.response().webSocket().get());
            exchange = WebSocketMisuse.answer(exchange, req);
        }
        Throwable writeError = null;
        ClientOutput out = new ClientOutput(res);
        try {
            write(exchange, res, out);
        } catch (RuntimeException | Error e) {
            if (out.failed) {
                // The client went away mid-body: its outcome, not a server error. The broken connection is
                // dropped by the server on its next read; nothing to log.
                writeError = new ClientDisconnectedException(e);
                return;
            }
            writeError = e;
            throw e;
        } finally {
            exchange.finish(writeError);
        }
    }

    private Request toRequest(ServerRequest req, FramedBodyStream body) {
        String host = req.headers().first(HeaderNames.HOST).orElse("localhost");
        String rawQuery = req.query().rawValue();
        String url = "http://" + host + req.path().rawPath() + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
        Headers.Builder headers = Headers.builder();
        for (Header header : req.headers()) {
            for (String value : header.allValues()) {
                headers.add(header.name(), value);
            }
        }
        Request.Builder request = Request.builder(url)
                .method(req.prologue().method().text())
                .headers(headers.build())
                .clientAddress(() -> req.remotePeer().host());
        if (body != null) {
            var stream = new LimitedInputStream(body, maxBody);
            request.body(req.headers().contentLength().isPresent()
                    ? Body.of(stream, req.headers().contentLength().getAsLong())
                    : Body.of(stream));
        }
        return request.build();
    }

    private static void write(Exchange exchange, ServerResponse res, ClientOutput out) {
        Response response = exchange.response();
        res.status(response.status() == 200 ? Status.OK_200 : Status.create(response.status()));
        var headers = res.headers();
        response.headers().forEach((name, value) -> {
            if (!FRAMING.contains(name)) {
                headers.add(HeaderNames.createFromLowercase(name), value); // add, not set: Set-Cookie may repeat
            }
        });
        headers.set(REQUEST_ID, exchange.requestId());
        Body body = response.body();
        // A small body of known length (a proxied JSON answer, say) is read whole and sent in one write:
        // cheaper than streaming it through the response's output stream.
        boolean small = body.length().isPresent() && body.length().getAsLong() <= SMALL_BODY;
        if (!body.isStreamed() || small) {
            res.send(body.bytes());
            return;
        }
        body.length().ifPresent(length -> res.header(HeaderNames.CONTENT_LENGTH, Long.toString(length)));
        try (out) {
            body.writeTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The response's output stream, opened on first use, remembering whether writing to the client failed: a
     * body that throws on its own (an upstream error, say) is the worker's failure; a write that throws is the
     * client's disconnect.
     */
    private static final class ClientOutput extends OutputStream {
        private final ServerResponse res;
        private OutputStream delegate;
        boolean failed;

        ClientOutput(ServerResponse res) {
            this.res = res;
        }

        private OutputStream out() {
            if (delegate == null) {
                delegate = res.outputStream();
            }
            return delegate;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            try {
                out().write(b, off, len);
            } catch (java.io.IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            try {
                out().flush();
            } catch (java.io.IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() throws java.io.IOException {
            try {
                out().close();
            } catch (java.io.IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }
    }
}

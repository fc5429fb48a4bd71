package dev.kiln.api;

import java.util.Objects;

/**
 * An HTTP response: the one a worker returns, or one it received from {@link ExecutionContext#fetch(Request)}.
 * Immutable, except that a streamed body is read once (see {@link Body}).
 *
 * {@snippet :
 * Response.text("hello");                                   // 200 text/plain
 * Response.json(Map.of("ok", true));                        // 200 application/json
 * Response.builder(201).header("location", "/items/7").build();
 * Response.eventStream(events -> events.send("tick", "1")); // server-sent events, streamed
 * }
 */
public final class Response {

    private static final Headers TEXT = Headers.of("content-type", "text/plain;charset=UTF-8");
    private static final Headers JSON = Headers.of("content-type", "application/json");

    private final int status;
    private final Headers headers;
    private final Body body;
    private final WebSocket webSocket; // null unless this is a 101 upgrade response

    private Response(int status, Headers headers, Body body) {
        this(status, headers, body, null);
    }

    private Response(int status, Headers headers, Body body, WebSocket webSocket) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, got " + status);
        }
        if ((status == 101) != (webSocket != null)) {
            throw new IllegalArgumentException(status == 101
                    ? "status 101 needs a WebSocket: use Response.webSocket(socket)"
                    : "a WebSocket response has status 101, got " + status);
        }
        this.status = status;
        this.headers = Objects.requireNonNull(headers);
        this.body = Objects.requireNonNull(body);
        this.webSocket = webSocket;
    }

    /** @return a builder for a response with this status */
    public static Builder builder(int status) {
        return new Builder(status);
    }

    /** @return a response with this status, headers and body */
    public static Response of(int status, Headers headers, Body body) {
        return new Response(status, headers, body);
    }

    /** @return a 200 response with a UTF-8 {@code text/plain} body */
    public static Response text(String text) {
        return new Response(200, TEXT, Body.of(text));
    }

    /** @return a response with this status and a UTF-8 {@code text/plain} body */
    public static Response text(int status, String text) {
        return new Response(status, TEXT, Body.of(text));
    }

    /**
     * @return a 200 response with the value encoded as {@code application/json}
     * @throws IllegalArgumentException if the value cannot be encoded
     */
    public static Response json(Object value) {
        return json(200, value);
    }

    /** @return a response with this status and the value encoded as {@code application/json} */
    public static Response json(int status, Object value) {
        return new Response(status, JSON, Body.of(Json.encode(value)));
    }

    /** @return a redirect (301, 302, 303, 307 or 308) to the location */
    public static Response redirect(String location, int status) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("redirect status must be 301, 302, 303, 307 or 308, got " + status);
        }
        return new Response(status, Headers.of("location", location), Body.empty());
    }

    /** @return a 200 response whose body is streamed by the writer, with chunked encoding */
    public static Response stream(String contentType, BodyWriter writer) {
        return new Response(200, Headers.of("content-type", contentType), Body.writer(writer));
    }

    /**
     * A 200 {@code text/event-stream} response; each event is sent to the client as soon as it is written.
     *
     * @param writer writes the events; the stream ends when it returns
     */
    public static Response eventStream(EventStream.Writer writer) {
        Objects.requireNonNull(writer);
        Headers headers = Headers.of("content-type", "text/event-stream", "cache-control", "no-cache");
        return new Response(200, headers, Body.writer(out -> writer.write(new EventStream(out))));
    }

    /**
     * A {@code 101 Switching Protocols} response that hands the client's upgrade request to the socket, which
     * should already be {@linkplain WebSocket#accept(WebSocket.Handler) accepted}. Kiln writes the handshake
     * headers itself.
     */
    public static Response webSocket(WebSocket socket) {
        return webSocket(socket, Headers.of());
    }

    /**
     * As {@link #webSocket(WebSocket)}, with extra headers, such as the {@code sec-websocket-protocol} the
     * worker chose from the client's list.
     */
    public static Response webSocket(WebSocket socket, Headers headers) {
        return new Response(101, headers, Body.empty(), Objects.requireNonNull(socket));
    }

    /** @return the socket of a {@code 101} response made by {@link #webSocket(WebSocket)} */
    public java.util.Optional<WebSocket> webSocket() {
        return java.util.Optional.ofNullable(webSocket);
    }

    /** @return the status code */
    public int status() {
        return status;
    }

    /** @return whether the status is 200..299 */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** @return the header fields */
    public Headers headers() {
        return headers;
    }

    /** @return the first value of the named header, if present */
    public java.util.Optional<String> header(String name) {
        return headers.first(name);
    }

    /** @return the body */
    public Body body() {
        return body;
    }

    /** @return the whole body as UTF-8 text (see {@link Body#text()}) */
    public String text() {
        return body.text();
    }

    /** @return the whole body as bytes (see {@link Body#bytes()}) */
    public byte[] bytes() {
        return body.bytes();
    }

    /**
     * @return the body decoded as JSON into {@code type}
     * @throws IllegalArgumentException if the body is not valid JSON for the type
     */
    public <T> T json(Class<T> type) {
        return Json.decode(body.bytes(), type);
    }

    /** @return a builder starting from this response (a WebSocket response keeps its socket) */
    public Builder toBuilder() {
        Builder builder = new Builder(status).headers(headers).body(body);
        builder.webSocket = webSocket;
        return builder;
    }

    @Override
    public String toString() {
        return "Response{" + status + ", " + headers + ", " + body + "}";
    }

    /** Builds a {@link Response}. Not thread-safe. */
    public static final class Builder {
        private int status;
        private Headers.Builder headers = Headers.builder();
        private Body body = Body.empty();
        private WebSocket webSocket;

        private Builder(int status) {
            this.status = status;
        }

        /** Sets the status. */
        public Builder status(int status) {
            this.status = status;
            return this;
        }

        /** Adds a header value, keeping others of the same name. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Replaces all headers. */
        public Builder headers(Headers headers) {
            this.headers = headers.toBuilder();
            return this;
        }

        /** Sets the body. */
        public Builder body(Body body) {
            this.body = Objects.requireNonNull(body);
            return this;
        }

        /** Sets a UTF-8 text body (the content type is left as set). */
        public Builder body(String text) {
            return body(Body.of(text));
        }

        /** @return the response */
        public Response build() {
            return new Response(status, headers.build(), body, webSocket);
        }
    }
}

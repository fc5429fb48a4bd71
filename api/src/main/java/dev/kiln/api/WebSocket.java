package dev.kiln.api;

import java.util.Locale;

/**
 * The server end of a WebSocket that a worker accepts, as the Workers runtime's {@code WebSocketPair} server
 * socket. A worker's {@code fetch} handler creates one, accepts it with a {@link Handler}, and returns it in a
 * {@code 101} response; Kiln completes the upgrade and delivers the client's messages to the handler.
 *
 * {@snippet :
 * public Response fetch(Request request, Env env, ExecutionContext ctx) {
 *     if (!WebSocket.isUpgrade(request)) {
 *         return Response.text(426, "expected a WebSocket upgrade\n");
 *     }
 *     WebSocket socket = WebSocket.create();
 *     socket.accept(new WebSocket.Handler() {
 *         public void onText(WebSocket ws, String message) {
 *             ws.send("echo: " + message);
 *         }
 *     });
 *     return Response.webSocket(socket);
 * }
 * }
 *
 * <h2>Threading</h2>
 * The events of one socket are delivered one at a time, in the order they arrived, never concurrently: a
 * handler needs no locks for state that only its own socket's events touch. Each event runs on a virtual
 * thread, so a handler may block; the socket's next message is read only after the handler returns (the
 * client is slowed down, not buffered without limit). Events of different sockets run concurrently.
 * {@link #send}, {@link #close} and {@link #readyState()} may be called from any thread; sends are written in
 * call order and never block on a slow client.
 *
 * <h2>Limits</h2>
 * A received message may be at most {@link #MAX_MESSAGE_BYTES} (1 MiB, as on Cloudflare), or
 * {@link #MAX_HIBERNATABLE_MESSAGE_BYTES} (32 MiB) on a socket a Durable Object accepted with
 * {@code acceptWebSocket}; a larger one closes the socket with {@code 1009}. A frame that breaks RFC 6455 closes it with {@code 1002}, text that is not
 * UTF-8 with {@code 1007}. The handler sees {@link Handler#onError} and then {@link Handler#onClose}.
 */
public interface WebSocket {

    /** The largest message a client may send: 1 MiB (bindings.md §12, Cloudflare's WebSocket limit). */
    int MAX_MESSAGE_BYTES = 1 << 20;

    /** The largest message a client may send to a Durable Object's hibernatable socket: 32 MiB (bindings.md §2.8). */
    int MAX_HIBERNATABLE_MESSAGE_BYTES = 32 << 20;

    /** Normal closure (RFC 6455 §7.4.1). */
    int NORMAL_CLOSURE = 1000;
    /** The endpoint is going away: Kiln is shutting down. */
    int GOING_AWAY = 1001;
    /** The peer broke the protocol. */
    int PROTOCOL_ERROR = 1002;
    /** The endpoint cannot accept this type of data (text or binary). */
    int UNSUPPORTED_DATA = 1003;
    /** No status code was present in the peer's close frame (never sent on the wire). */
    int NO_STATUS_RECEIVED = 1005;
    /** The connection ended without a close frame (never sent on the wire). */
    int ABNORMAL_CLOSURE = 1006;
    /** A text message was not valid UTF-8. */
    int INVALID_PAYLOAD = 1007;
    /** A message was larger than {@link #MAX_MESSAGE_BYTES}. */
    int MESSAGE_TOO_BIG = 1009;
    /** The server hit an unexpected condition (a handler threw). */
    int INTERNAL_ERROR = 1011;

    /** The states of a socket, as the WHATWG {@code WebSocket.readyState}. */
    enum ReadyState {
        /** Created, not yet connected to a client. */
        CONNECTING,
        /** Connected: messages flow both ways. */
        OPEN,
        /** A close frame was sent; waiting for the client's. */
        CLOSING,
        /** Closed; sends fail. */
        CLOSED
    }

    /**
     * Receives a socket's events. Every method has a default, so implement only what you need.
     * Calls are sequential and non-reentrant (see the threading section of {@link WebSocket}).
     */
    interface Handler {

        /**
         * A text message arrived.
         *
         * @implSpec The default does nothing.
         * @throws Exception any failure: Kiln logs it and closes the socket with {@code 1011}
         */
        default void onText(WebSocket ws, String message) throws Exception {
        }

        /**
         * A binary message arrived.
         *
         * @implSpec The default does nothing.
         * @throws Exception any failure: Kiln logs it and closes the socket with {@code 1011}
         */
        default void onBinary(WebSocket ws, byte[] message) throws Exception {
        }

        /**
         * The socket closed; this is its last event. When the client sent a close frame, Kiln has already
         * answered it ({@link #readyState()} is {@code CLOSED}).
         *
         * @implSpec The default does nothing.
         * @param code the close code: the client's, {@link #NO_STATUS_RECEIVED} if its close frame had none,
         *     {@link #ABNORMAL_CLOSURE} if the connection dropped without one, or the code Kiln closed with
         * @param reason the close reason, possibly empty
         * @param wasClean whether both close frames were exchanged
         */
        default void onClose(WebSocket ws, int code, String reason, boolean wasClean) throws Exception {
        }

        /**
         * The socket failed for a reason other than a disconnect: the client broke the protocol or sent an
         * oversize message. {@link #onClose} follows.
         *
         * @implSpec The default does nothing.
         */
        default void onError(WebSocket ws, Throwable error) throws Exception {
        }
    }

    /**
     * @return a new, unconnected server socket; {@link #accept(Handler)} it, then return it with
     *     {@link Response#webSocket(WebSocket)}
     * @throws IllegalStateException if no Kiln runtime is on the class path
     */
    static WebSocket create() {
        return WebSocketProvider.INSTANCE.create();
    }

    /**
     * @return whether the request asks for a WebSocket upgrade ({@code GET} with {@code Upgrade: websocket})
     */
    static boolean isUpgrade(Request request) {
        return request.method().equals("GET")
                && request.header("upgrade").map(v -> v.trim().toLowerCase(Locale.ROOT).equals("websocket")).orElse(false);
    }

    /**
     * Starts delivering this socket's events to the handler. Call it before returning the socket in a response;
     * messages sent before the client is connected are queued and sent after the upgrade.
     *
     * @throws IllegalStateException if the socket was already accepted, or if called inside a Durable Object:
     *     there, use {@code DurableObjectState.acceptWebSocket}, whose events run as events of the object
     */
    void accept(Handler handler);

    /**
     * Sends a text message.
     *
     * Once the client has closed the socket or gone away, messages are dropped without error (a sender cannot
     * foresee that). Until the upgrade, at most 1 MiB is buffered; past that the socket is closed.
     *
     * @throws IllegalStateException if the socket was not accepted, or {@link #close} was called on it
     */
    void send(String message);

    /**
     * Sends a binary message (the array is copied).
     *
     * Dropped without error once the client is gone, as {@link #send(String)}.
     *
     * @throws IllegalStateException if the socket was not accepted, or {@link #close} was called on it
     */
    void send(byte[] message);

    /**
     * Starts the closing handshake. Does nothing if the socket is already closing or closed.
     *
     * @param code a code that may be sent in a close frame (RFC 6455 §7.4): {@code 1000..1003},
     *     {@code 1007..1014}, or an application code in {@code 3000..4999}
     * @param reason at most 123 bytes of UTF-8
     * @throws IllegalArgumentException if the code or reason is invalid
     */
    void close(int code, String reason);

    /** Closes with {@code 1000} and no reason (see {@link #close(int, String)}). */
    default void close() {
        close(NORMAL_CLOSURE, "");
    }

    /** @return the current state */
    ReadyState readyState();

    /** The largest attachment, encoded as JSON: 16 KiB (bindings.md §2.3, current workerd). */
    int MAX_ATTACHMENT_BYTES = 16 * 1024;

    /**
     * Keeps a value with this socket, encoded as JSON, so that it survives the hibernation of the Durable
     * Object holding the socket (bindings.md §2.3): read it back with {@link #deserializeAttachment(Class)}
     * after the object is re-created. Replaces any earlier attachment.
     *
     * @param value a record, map, list, string, number or boolean
     * @throws IllegalArgumentException if the value cannot be encoded, or its JSON is over
     *     {@link #MAX_ATTACHMENT_BYTES}
     */
    void serializeAttachment(Object value);

    /**
     * @return the attachment decoded into {@code type}, or empty if none was set
     * @throws IllegalArgumentException if the attachment does not fit the type
     */
    <T> java.util.Optional<T> deserializeAttachment(Class<T> type);
}

package dev.kiln.api;

import java.util.concurrent.Callable;

/**
 * What a Durable Object is given in its constructor ({@code this.ctx} in Workers): its id and storage.
 *
 * <h2>Execution guarantees: bindings.md §2.4, rule by rule</h2>
 * Kiln runs each object's events (fetch, RPC calls, alarms) from a mailbox, one at a time, each to completion,
 * on the object's own virtual thread; there is at most one live instance per id in the process.
 * <ol>
 * <li>One event at a time: given, for every kind of event.</li>
 * <li>Input gate: given, and stronger. Nothing is delivered while an event runs, whatever it waits on.</li>
 * <li>Interleaving at non-storage awaits: not done. An event that calls {@code fetch}, KV or another object
 * keeps the object to itself until it returns, so code written for Cloudflare stays correct, but an object
 * calling itself, or a cycle of objects calling back into one another, would deadlock: Kiln refuses such a
 * call with a {@link DurableObjectException} naming the cycle.</li>
 * <li>Concurrent storage calls within an event: not applicable; Java storage calls run in program order.</li>
 * <li>Output gate: given for what the event returns. Its response (or RPC result) is released only after the
 * event's writes are committed and fsynced; events that finish while a commit is in flight share the next
 * commit and its fsync (group commit). If the commit fails, every held result becomes an error and the object
 * is reset. A call the object makes to another Durable Object waits too: the writes made before it are
 * committed and fsynced before it leaves. Outbound {@code fetch} and other bindings are not gated.</li>
 * <li>Atomic writes: given, and stronger. The writes of one event (key-value, SQL, alarm) between its calls to
 * other objects commit together or not at all. An event that throws has its writes since its last such call
 * rolled back (Cloudflare keeps those made before the throw), and its instance is discarded so fields cannot
 * disagree with storage; the next event runs the constructor again.</li>
 * <li>{@code allowConcurrency} / {@code allowUnconfirmed}: not offered; every read is gated and every write
 * confirmed. {@link DurableObjectStorage#sync()} therefore returns at once.</li>
 * <li>{@code sql.exec} is synchronous: given; each statement runs at once in the event's transaction.</li>
 * </ol>
 * The messages, closes and errors of WebSockets accepted with {@link #acceptWebSocket} are events of the object
 * like any other, and WebSocket messages sent during an event are held by the output gate with its result:
 * sent once its writes are durable, dropped if it fails.
 */
public interface DurableObjectState {

    /** @return the object's id */
    DurableObjectId id();

    /** @return the object's storage */
    DurableObjectStorage storage();

    /**
     * Runs {@code work} with no other event delivered until it returns. Since Kiln delivers one event at a time,
     * this runs it at once; use it in the constructor to load state. If it throws, or takes longer than 30 s,
     * the object is reset (the exception is rethrown; a timeout is a {@link DurableObjectException}).
     *
     * @return what {@code work} returned
     */
    <T> T blockConcurrencyWhile(Callable<T> work);

    /**
     * Accepted for compatibility: Kiln keeps an object alive while an event runs, and runs {@code task} after
     * the current event on the object's own thread, as a separate event.
     */
    void waitUntil(Runnable task);

    /** Resets the object: the current event fails with {@code reason} and the next one reconstructs it. */
    void abort(String reason);

    /**
     * Makes a WebSocket hibernatable (bindings.md §2.3): its events go to this object's
     * {@link DurableObject#webSocketMessage webSocketMessage}, {@link DurableObject#webSocketClose webSocketClose}
     * and {@link DurableObject#webSocketError webSocketError}, as events of the object. The socket stays open
     * while the object is evicted from memory; the next message re-creates it. Return the socket with
     * {@link Response#webSocket(WebSocket)}; do not call {@link WebSocket#accept} as well.
     *
     * @param tags at most 10, each at most 256 characters, for {@link #getWebSockets(String)}
     * @throws IllegalArgumentException if the tags break those limits, or the socket was already accepted
     * @throws IllegalStateException if the object already holds 32,768 sockets, or outside the object's events
     */
    void acceptWebSocket(WebSocket ws, java.util.List<String> tags);

    /** Same as {@link #acceptWebSocket(WebSocket, java.util.List)} with no tags. */
    default void acceptWebSocket(WebSocket ws) {
        acceptWebSocket(ws, java.util.List.of());
    }

    /** @return the open hibernatable sockets of this object, in the order they were accepted (closed ones never appear) */
    java.util.List<WebSocket> getWebSockets();

    /** @return the open hibernatable sockets carrying the tag */
    java.util.List<WebSocket> getWebSockets(String tag);

    /**
     * @return the socket's tags
     * @throws IllegalArgumentException if the socket was not accepted with {@link #acceptWebSocket}
     */
    java.util.List<String> getTags(WebSocket ws);

    /**
     * Answers a text message equal to {@code pair.request()} with {@code pair.response()} on any of this object's
     * hibernatable sockets, without waking the object (bindings.md §2.3). Replaces the previous pair.
     */
    void setWebSocketAutoResponse(WebSocketRequestResponsePair pair);

    /** Removes the automatic response. */
    void setWebSocketAutoResponse();

    /** @return the automatic response, if one is set */
    java.util.Optional<WebSocketRequestResponsePair> getWebSocketAutoResponse();

    /**
     * @return when the socket last got the automatic response, if ever
     * @throws IllegalArgumentException if the socket was not accepted with {@link #acceptWebSocket}
     */
    java.util.Optional<java.time.Instant> getWebSocketAutoResponseTimestamp(WebSocket ws);
}

package dev.kiln.api;

/**
 * A Durable Object class (bindings.md §2.2): a single-threaded object with its own durable storage, reached
 * through a {@link DurableObjectNamespace} binding.
 *
 * <p>The class is public, declared in a {@code [[migrations]]} entry, and has a public constructor taking
 * {@code (DurableObjectState state, Env env)}: Kiln runs it before the object's first event, and again after
 * the object was evicted, reset or its worker reloaded; in-memory fields are rebuilt from storage there.
 *
 * <p>Kiln delivers the events of one object (fetch, RPC calls, alarms) one at a time, each to completion; see
 * {@link DurableObjectState} for the exact guarantees. Public methods of an interface the class implements
 * can be called through {@link DurableObjectStub#rpc(Class)}.
 */
public interface DurableObject {

    /**
     * Handles a request sent with {@link DurableObjectStub#fetch(Request)}.
     *
     * @implSpec The default throws a {@link DurableObjectException} (status 501) saying the class has no fetch
     *     handler.
     */
    default Response fetch(Request request) {
        throw new DurableObjectException(501, getClass().getName() + " does not implement fetch(Request)");
    }

    /**
     * Handles the object's alarm (bindings.md §2.7). Throwing makes Kiln retry it: 2 s·2ⁿ plus up to 25 %
     * jitter, at most 6 retries, then the alarm is dropped.
     *
     * @implSpec The default does nothing. {@link DurableObjectStorage#setAlarm} refuses to set an alarm for a
     *     class that does not override this method.
     */
    default void alarm(AlarmInvocationInfo info) {
    }

    /**
     * A text message arrived on a WebSocket this object accepted with
     * {@link DurableObjectState#acceptWebSocket(WebSocket, java.util.List)} (bindings.md §2.2). Runs as an event of
     * the object, re-created first if it was evicted while the socket stayed open; sends wait for its writes.
     * Messages matching the {@linkplain DurableObjectState#setWebSocketAutoResponse automatic response} never
     * get here.
     *
     * @implSpec The default does nothing.
     * @throws Exception any failure: logged; the event's writes are rolled back, the socket stays open
     */
    default void webSocketMessage(WebSocket ws, String message) throws Exception {
    }

    /**
     * A binary message arrived on an accepted WebSocket (see {@link #webSocketMessage(WebSocket, String)}).
     *
     * @implSpec The default does nothing.
     */
    default void webSocketMessage(WebSocket ws, byte[] message) throws Exception {
    }

    /**
     * An accepted WebSocket closed: the client closed it (Kiln already answered its close frame), it vanished
     * ({@code 1006}), or Kiln failed it. It no longer appears in {@link DurableObjectState#getWebSockets()}.
     *
     * @implSpec The default does nothing.
     */
    default void webSocketClose(WebSocket ws, int code, String reason, boolean wasClean) throws Exception {
    }

    /**
     * An accepted WebSocket failed for a reason other than a disconnect (a broken frame, an oversize message; see
     * {@link WebSocketException}); {@link #webSocketClose} follows.
     *
     * @implSpec The default does nothing.
     */
    default void webSocketError(WebSocket ws, Throwable error) throws Exception {
    }
}

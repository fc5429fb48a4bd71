package dev.kiln.bindings.durable;

import dev.kiln.api.DurableObjectException;
import dev.kiln.api.DurableObjectId;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.WebSocket;
import dev.kiln.api.WebSocketRequestResponsePair;
import dev.kiln.spi.OutputGate;
import dev.kiln.spi.AcceptingWebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.Callable;

/** {@link DurableObjectState} of one instance; see its Javadoc for the guarantees. */
final class ObjectStateImpl implements DurableObjectState {

    /** bindings.md §2.3: a blockConcurrencyWhile callback running longer resets the object. */
    static final Duration BLOCK_LIMIT = Duration.ofSeconds(30);

    private final ObjectHost host;
    private final DurableObjectId id;
    private final StorageImpl storage;

    ObjectStateImpl(ObjectHost host, DurableObjectId id, StorageImpl storage) {
        this.host = host;
        this.id = id;
        this.storage = storage;
    }

    @Override
    public DurableObjectId id() {
        return id;
    }

    @Override
    public DurableObjectStorage storage() {
        return storage;
    }

    @Override
    public <T> T blockConcurrencyWhile(Callable<T> work) {
        Objects.requireNonNull(work);
        host.checkEventThread("blockConcurrencyWhile");
        long start = System.nanoTime();
        T result;
        try {
            result = work.call();
        } catch (RuntimeException e) {
            host.resetAfterEvent();
            throw e;
        } catch (Exception e) {
            host.resetAfterEvent();
            throw new DurableObjectException(500, "blockConcurrencyWhile callback threw " + e, e);
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        if (millis > BLOCK_LIMIT.toMillis()) {
            host.resetAfterEvent();
            throw new DurableObjectException(500, "blockConcurrencyWhile callback ran " + millis + " ms > " + BLOCK_LIMIT.toMillis()
                    + " ms; the object is reset");
        }
        return result;
    }

    @Override
    public void waitUntil(Runnable task) {
        host.later(Objects.requireNonNull(task));
    }

    @Override
    public void acceptWebSocket(WebSocket ws, List<String> tags) {
        Objects.requireNonNull(ws, "ws");
        Objects.requireNonNull(tags, "tags");
        host.checkEventThread("acceptWebSocket");
        if (!(ws instanceof AcceptingWebSocket server)) {
            throw new IllegalArgumentException("not a WebSocket made by WebSocket.create(): " + ws.getClass().getName());
        }
        ObjectSockets sockets = host.registry().sockets(host.key());
        sockets.add(ws, tags);
        try {
            server.acceptWith(new HibernatedSocketEvents(host.registry(), host.key(), sockets), WebSocket.MAX_HIBERNATABLE_MESSAGE_BYTES);
        } catch (IllegalStateException e) {
            sockets.remove(ws);
            throw new IllegalArgumentException("this WebSocket was already accepted with accept(); hibernatable sockets are accepted only by acceptWebSocket", e);
        }
        OutputGate.onFailure(() -> sockets.remove(ws)); // a failed event's socket never reaches a client
    }

    @Override
    public List<WebSocket> getWebSockets() {
        return host.registry().socketsIfAny(host.key()).sockets(Optional.empty());
    }

    @Override
    public List<WebSocket> getWebSockets(String tag) {
        return host.registry().socketsIfAny(host.key()).sockets(Optional.of(Objects.requireNonNull(tag, "tag")));
    }

    @Override
    public List<String> getTags(WebSocket ws) {
        return host.registry().socketsIfAny(host.key()).tags(Objects.requireNonNull(ws, "ws"));
    }

    @Override
    public void setWebSocketAutoResponse(WebSocketRequestResponsePair pair) {
        host.registry().sockets(host.key()).autoResponse(Objects.requireNonNull(pair, "pair"));
    }

    @Override
    public void setWebSocketAutoResponse() {
        host.registry().socketsIfAny(host.key()).autoResponse(null);
    }

    @Override
    public Optional<WebSocketRequestResponsePair> getWebSocketAutoResponse() {
        return host.registry().socketsIfAny(host.key()).autoResponse();
    }

    @Override
    public Optional<Instant> getWebSocketAutoResponseTimestamp(WebSocket ws) {
        return host.registry().socketsIfAny(host.key()).autoResponseTimestamp(Objects.requireNonNull(ws, "ws"));
    }

    @Override
    public void abort(String reason) {
        host.resetAfterEvent();
        throw new DurableObjectException(500, "Durable Object aborted: " + reason);
    }
}

package dev.kiln.bindings.durable;

import dev.kiln.api.DurableObject;
import dev.kiln.api.WebSocket;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler Kiln gives a socket accepted with {@code acceptWebSocket}: each event of the socket becomes an
 * event in the object's mailbox (bindings.md §2.2), never concurrent with its other events and behind the same
 * output gate. The socket's reader waits for each event to finish, so one socket's events stay in order and a
 * flood of messages queues in the client's connection, not in memory. The registry re-creates the object if it
 * was evicted while the socket stayed open (hibernation, §2.8).
 */
final class HibernatedSocketEvents implements WebSocket.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(HibernatedSocketEvents.class);

    private final DurableObjects registry;
    private final ObjectKey key;
    private final ObjectSockets sockets;

    HibernatedSocketEvents(DurableObjects registry, ObjectKey key, ObjectSockets sockets) {
        this.registry = registry;
        this.key = key;
        this.sockets = sockets;
    }

    @FunctionalInterface
    private interface Delivery {
        void to(DurableObject object) throws Exception;
    }

    @Override
    public void onText(WebSocket ws, String message) {
        if (!sockets.answered(ws, message)) {
            deliver("webSocketMessage", object -> object.webSocketMessage(ws, message));
        }
    }

    @Override
    public void onBinary(WebSocket ws, byte[] message) {
        deliver("webSocketMessage", object -> object.webSocketMessage(ws, message));
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        deliver("webSocketError", object -> object.webSocketError(ws, error));
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean wasClean) {
        sockets.remove(ws); // before the handler runs: getWebSockets() never lists a closed socket
        deliver("webSocketClose", object -> object.webSocketClose(ws, code, reason, wasClean));
    }

    /** A failing handler is the object's fault, not the socket's: logged, rolled back, the socket stays open. */
    private void deliver(String handler, Delivery delivery) {
        if (registry.isClosed()) {
            // Shutting down: the sockets close (1001) as the objects stop; there is no object left to tell.
            LOG.debug("Durable Object {}: {} not delivered, Kiln is shutting down", key, handler);
            return;
        }
        try {
            registry.call(key, Optional.empty(), live -> {
                delivery.to(live.instance());
                return null;
            });
        } catch (RuntimeException | Error e) {
            Throwable cause = e instanceof DurableObjects.EventFailure f ? f.getCause() : e;
            LOG.error("Durable Object {}: {} threw; its writes were rolled back", key, handler, cause);
        }
    }
}

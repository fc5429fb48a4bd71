package dev.kiln.api;

/**
 * Creates the server sockets behind {@link WebSocket#create()}. Kiln's runtime provides the implementation,
 * found with {@link java.util.ServiceLoader}; workers do not implement it.
 */
public interface WebSocketFactory {

    /** @return a new, unconnected server socket */
    WebSocket create();
}

package dev.kiln.spi;

import dev.kiln.api.WebSocket;

/**
 * A server-side WebSocket made by {@link WebSocket#create()} that a binding may take the events of, as a
 * Durable Object does for the sockets it accepts with {@code acceptWebSocket}.
 */
public interface AcceptingWebSocket extends WebSocket {

    /**
     * Delivers the socket's events to {@code handler}, with a message limit of {@code maxMessageBytes}.
     *
     * @throws IllegalStateException if the socket was already accepted
     */
    void acceptWith(Handler handler, int maxMessageBytes);
}

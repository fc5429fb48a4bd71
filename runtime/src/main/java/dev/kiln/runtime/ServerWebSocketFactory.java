package dev.kiln.runtime;

import dev.kiln.api.WebSocket;
import dev.kiln.api.WebSocketFactory;

/** Creates {@link ServerWebSocket}s for {@link WebSocket#create()}, tied to the invocation that creates them. */
public final class ServerWebSocketFactory implements WebSocketFactory {

    @Override
    public WebSocket create() {
        return new ServerWebSocket(Invocation.current());
    }
}

package dev.kiln.api;

import java.util.ServiceLoader;

/** Finds the runtime's {@link WebSocketFactory} lazily, once: the API module has no WebSocket implementation. */
final class WebSocketProvider {

    static final WebSocketFactory INSTANCE = ServiceLoader.load(WebSocketFactory.class, WebSocket.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no WebSocket implementation on the class path: add kiln-runtime"));

    private WebSocketProvider() {
    }
}

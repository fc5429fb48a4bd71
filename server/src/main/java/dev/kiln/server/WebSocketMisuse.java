package dev.kiln.server;

import dev.kiln.api.Response;
import dev.kiln.runtime.Exchange;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * A worker answered with a WebSocket to a request the upgrader did not take: not a WebSocket request at all,
 * or a handshake that breaks RFC 6455 §4.1. The client gets a precise error instead of a 101.
 */
final class WebSocketMisuse {

    private WebSocketMisuse() {
    }

    /** @return an exchange answering 400 (bad handshake) or 426 (no upgrade asked for) in place of the 101 */
    static Exchange answer(Exchange original, ServerRequest req) {
        java.util.function.Function<String, Optional<String>> header = name -> req.headers().first(HeaderNames.create(name));
        Response response;
        String message;
        if (WebSocketHandshake.asked(header)) {
            message = "Invalid WebSocket handshake: " + WebSocketHandshake.problem(req.prologue().method().text(), header)
                    .orElse("a WebSocket handshake must not carry a request body");
            response = Response.text(400, message + " (request id " + original.requestId() + ")\n");
        } else {
            message = "The worker answered with a WebSocket, but the request did not ask for one (Upgrade: websocket)";
            response = Response.builder(426).header("upgrade", "websocket").header("content-type", "text/plain;charset=UTF-8")
                    .body(message + " (request id " + original.requestId() + ")\n").build();
        }
        return new Exchange() {
            @Override
            public Response response() {
                return response;
            }

            @Override
            public String requestId() {
                return original.requestId();
            }

            @Override
            public void finish(Throwable error) {
                original.finish(error != null ? error : new IllegalStateException(message));
            }
        };
    }
}

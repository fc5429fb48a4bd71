package dev.kiln.examples.counter;

import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.Env;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.api.WebSocket;
import dev.kiln.api.WebSocketRequestResponsePair;

/**
 * One counter. Kiln runs one event at a time per object, so read-increment-write needs no lock, and the
 * response leaves only after the new value is durable.
 *
 * <p>{@code GET .../ws} opens a WebSocket that receives the current value, then every new one. The sockets are
 * hibernatable: the object may be evicted from memory while they stay open, and is re-created when it next has
 * work. Clients may send {@code "ping"} (answered {@code "pong"} without waking the object) or
 * {@code "increment"}; a binary message closes the socket with {@code 1003}.
 */
public final class Counter implements DurableObject {

    private final DurableObjectState state;
    private final DurableObjectStorage storage;

    public Counter(DurableObjectState state, Env env) {
        this.state = state;
        this.storage = state.storage();
        state.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    }

    @Override
    public Response fetch(Request request) {
        if (request.path().endsWith("/ws")) {
            return subscribe(request);
        }
        if (request.method().equals("POST") && request.path().endsWith("/increment")) {
            return Response.text(Long.toString(increment()));
        }
        if (!request.method().equals("GET")) {
            return Response.text(405, "use GET, or POST .../increment\n");
        }
        return Response.text(Long.toString(value()));
    }

    private Response subscribe(Request request) {
        if (!WebSocket.isUpgrade(request)) {
            return Response.text(426, "GET .../ws is a WebSocket: send Upgrade: websocket\n");
        }
        WebSocket socket = WebSocket.create();
        state.acceptWebSocket(socket);
        socket.send(Long.toString(value()));
        return Response.webSocket(socket);
    }

    @Override
    public void webSocketMessage(WebSocket ws, String message) {
        if (message.equals("increment")) {
            increment();
        } else {
            ws.send("unknown command: send \"increment\" or \"ping\"");
        }
    }

    @Override
    public void webSocketMessage(WebSocket ws, byte[] message) {
        ws.close(WebSocket.UNSUPPORTED_DATA, "binary messages are not supported");
    }

    /** Stores the next value and sends it to every subscriber (after it is durable: the output gate). */
    private long increment() {
        long value = value() + 1;
        storage.put("value", value);
        for (WebSocket subscriber : state.getWebSockets()) {
            subscriber.send(Long.toString(value));
        }
        return value;
    }

    private long value() {
        return storage.get("value", Long.class).orElse(0L);
    }
}

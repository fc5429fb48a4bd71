package dev.kiln.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client that records what it receives: whole messages in order, then the close. */
final class WsClient implements WebSocket.Listener {

    /** The server's close frame. */
    record Closed(int code, String reason) {
    }

    static final HttpClient CLIENT = HttpClient.newHttpClient();

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    final CompletableFuture<ByteBuffer> pong = new CompletableFuture<>();
    final WebSocket socket;
    private StringBuilder text = new StringBuilder();
    private ByteBuffer binary = ByteBuffer.allocate(0);

    private WsClient(URI uri, List<String> subprotocols) {
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.getFirst(), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        this.socket = builder.buildAsync(uri, this).join();
    }

    static WsClient connect(KilnServer server, String path, String... subprotocols) {
        return new WsClient(URI.create("ws://127.0.0.1:" + server.port() + path), List.of(subprotocols));
    }

    /** @return the next whole message (String or byte[]) */
    Object next() throws InterruptedException {
        Object message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 10 s");
        }
        return message;
    }

    Closed awaitClose() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text = new StringBuilder();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
        joined.put(binary).put(data).flip();
        binary = joined;
        if (last) {
            byte[] bytes = new byte[binary.remaining()];
            binary.get(bytes);
            messages.add(bytes);
            binary = ByteBuffer.allocate(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        pong.complete(message);
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null; // the JDK answers with a close frame of the same code
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
    }
}

package dev.kiln.runtime;

import dev.kiln.spi.OutputGate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.kiln.api.Response;
import dev.kiln.api.WebSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server socket's own rules, before and after it is connected (the transport here records what is sent). */
class ServerWebSocketTest {

    /** Records what the socket hands to its connection. */
    static final class Recorder implements WebSocketTransport {
        final List<String> sent = new ArrayList<>();

        @Override
        public void sendText(String message) {
            sent.add("text " + message);
        }

        @Override
        public void sendBinary(byte[] message) {
            sent.add("binary " + message.length);
        }

        @Override
        public void sendClose(int code, String reason) {
            sent.add("close " + code + " " + reason);
        }
    }

    @Test
    void createComesFromTheRuntimeThroughTheApi() {
        assertThat(WebSocket.create()).isInstanceOf(ServerWebSocket.class);
        assertThat(WebSocket.create().readyState()).isEqualTo(WebSocket.ReadyState.CONNECTING);
    }

    @Test
    void sendingNeedsAnAcceptedOpenSocket() {
        WebSocket socket = WebSocket.create();
        assertThatThrownBy(() -> socket.send("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("accept()");
        socket.accept(new WebSocket.Handler() { });
        assertThatThrownBy(() -> socket.accept(new WebSocket.Handler() { })).isInstanceOf(IllegalStateException.class);
        socket.close(4000, "done");
        assertThat(socket.readyState()).isEqualTo(WebSocket.ReadyState.CLOSING);
        assertThatThrownBy(() -> socket.send("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("after close()");
    }

    @Test
    void afterTheClientLeftSendsAreDroppedWithoutError() {
        ServerWebSocket socket = (ServerWebSocket) WebSocket.create();
        socket.accept(new WebSocket.Handler() { });
        Recorder transport = new Recorder();
        socket.connect(transport, new TailBus());
        socket.onClose(WebSocket.ABNORMAL_CLOSURE, "", false);
        socket.send("into the void"); // a broadcast racing a disconnect must not fail
        assertThat(transport.sent).isEmpty();
    }

    @Test
    void anAcceptedSocketNeverConnectedIsAbandonedAfterTheDeadline() {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        ServerWebSocket socket = new ServerWebSocket(null, java.time.Duration.ofMillis(100));
        socket.accept(new WebSocket.Handler() {
            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean wasClean) {
                events.add("close " + code + " " + reason);
            }
        });
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(events).containsExactly("close 1006 the WebSocket upgrade did not happen"));
        assertThat(socket.readyState()).isEqualTo(WebSocket.ReadyState.CLOSED);
        assertThatThrownBy(() -> socket.connect(new Recorder(), new TailBus())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aConnectedSocketIsNotAbandoned() {
        ServerWebSocket socket = new ServerWebSocket(null, java.time.Duration.ofMillis(50));
        socket.accept(new WebSocket.Handler() { });
        socket.connect(new Recorder(), new TailBus());
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300)).atMost(java.time.Duration.ofSeconds(2))
                .until(() -> socket.readyState() == WebSocket.ReadyState.OPEN);
    }

    @Test
    void aSocketThatNeverConnectsStopsBufferingPast1MiB() {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        ServerWebSocket socket = (ServerWebSocket) WebSocket.create();
        socket.accept(new WebSocket.Handler() {
            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean wasClean) {
                events.add("close " + code);
            }
        });
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 17; i++) {
            socket.send(chunk);
        }
        assertThat(socket.readyState()).isEqualTo(WebSocket.ReadyState.CLOSED);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(events).containsExactly("close 1006"));
        socket.send(chunk);
        assertThat(socket.readyState()).isEqualTo(WebSocket.ReadyState.CLOSED);
    }

    @Test
    void closeCodesAndReasonsAreChecked() {
        WebSocket socket = WebSocket.create();
        socket.accept(new WebSocket.Handler() { });
        assertThatThrownBy(() -> socket.close(1005, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000..1003, 1007..1014 or 3000..4999");
        assertThatThrownBy(() -> socket.close(2000, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> socket.close(5000, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> socket.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("124 bytes > 123");
        socket.close(1000, "x".repeat(123));
    }

    @Test
    void whatWasSentBeforeTheUpgradeGoesOutInOrderWhenConnected() {
        ServerWebSocket socket = (ServerWebSocket) WebSocket.create();
        socket.accept(new WebSocket.Handler() { });
        socket.send("one");
        socket.send(new byte[3]);
        socket.close(3001, "early");
        Recorder transport = new Recorder();
        socket.connect(transport, new TailBus());
        assertThat(transport.sent).containsExactly("text one", "binary 3", "close 3001 early");
    }

    @Test
    void anUnacceptedSocketCannotBeConnected() {
        ServerWebSocket socket = (ServerWebSocket) WebSocket.create();
        assertThatThrownBy(() -> socket.connect(new Recorder(), new TailBus())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not accept()");
    }

    @Test
    void aHandlerThatThrowsClosesWith1011AndACloseEventEndsIt() {
        List<String> events = new ArrayList<>();
        ServerWebSocket socket = (ServerWebSocket) WebSocket.create();
        socket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String message) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean wasClean) {
                events.add("close " + code + " " + wasClean + " " + ws.readyState());
            }
        });
        Recorder transport = new Recorder();
        socket.connect(transport, new TailBus());
        assertThat(socket.readyState()).isEqualTo(WebSocket.ReadyState.OPEN);
        socket.onText("hi");
        assertThat(transport.sent).containsExactly("close 1011 Internal Error");
        socket.onClose(1011, "", true);
        assertThat(events).containsExactly("close 1011 true CLOSED");
    }

    @Test
    void insideAnObjectEventSendsAndClosesWaitForTheOutputGate() {
        ServerWebSocket socket = (ServerWebSocket) WebSocket.create();
        socket.accept(new WebSocket.Handler() { });
        Recorder transport = new Recorder();
        socket.connect(transport, new TailBus());
        OutputGate.open(() -> { });
        socket.send("held");
        socket.close(1000, "");
        assertThat(socket.readyState()).isEqualTo(WebSocket.ReadyState.CLOSING);
        assertThatThrownBy(() -> socket.send("late")).isInstanceOf(IllegalStateException.class).hasMessageContaining("after close()");
        OutputGate.Held held = OutputGate.close();
        assertThat(transport.sent).isEmpty();
        held.release(); // the writes are durable
        assertThat(transport.sent).containsExactly("text held", "close 1000 ");
    }

    record Seat(String user, int row) {
    }

    @Test
    void anAttachmentRoundTripsAndIsLimitedTo16KiB() {
        WebSocket socket = WebSocket.create();
        assertThat(socket.deserializeAttachment(Seat.class)).isEmpty();
        socket.serializeAttachment(new Seat("ada", 7));
        assertThat(socket.deserializeAttachment(Seat.class)).contains(new Seat("ada", 7));
        // bindings.md §2.3: attachments up to 16 KiB; larger throws and keeps the old one
        assertThatThrownBy(() -> socket.serializeAttachment("x".repeat(16 * 1024)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16386 bytes of JSON > 16384");
        assertThat(socket.deserializeAttachment(Seat.class)).contains(new Seat("ada", 7));
    }

    @Test
    void a101ResponseAlwaysCarriesASocket() {
        assertThatThrownBy(() -> Response.builder(101).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Response.webSocket");
        WebSocket socket = WebSocket.create();
        Response response = Response.webSocket(socket);
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.webSocket()).containsSame(socket);
        assertThat(response.toBuilder().build().webSocket()).containsSame(socket);
        assertThat(Response.text("x").webSocket()).isEmpty();
    }
}

package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kiln.runtime.TailBus;
import dev.kiln.runtime.TailEvent;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSockets accepted by a worker, driven by the JDK's client against a real server: echo, the closing
 * handshake both ways, limits, vanished clients, many sockets at once, and the errors around the upgrade.
 */
class WebSocketTest {

    /** Records each socket's close and error events by the {@code id} query parameter; GET /events lists them. */
    static final String WORKER = """
            static final java.util.concurrent.ConcurrentLinkedQueue<String> EVENTS = new java.util.concurrent.ConcurrentLinkedQueue<>();

            public Response fetch(Request request, Env env, ExecutionContext ctx) {
                String id = request.queryParam("id").orElse("-");
                if (request.path().equals("/events")) {
                    return Response.text(String.join("\\n", EVENTS));
                }
                if (request.path().equals("/plain-socket")) {
                    WebSocket socket = WebSocket.create();
                    socket.accept(new WebSocket.Handler() { });
                    return Response.webSocket(socket);
                }
                if (!WebSocket.isUpgrade(request)) {
                    return Response.text(426, "expected a WebSocket upgrade\\n");
                }
                if (request.path().equals("/refuse")) {
                    return Response.text(403, "not for you\\n");
                }
                if (request.path().equals("/unaccepted")) {
                    return Response.webSocket(WebSocket.create());
                }
                WebSocket socket = WebSocket.create();
                socket.accept(new WebSocket.Handler() {
                    int count; // only this socket's events touch it, one at a time

                    public void onText(WebSocket ws, String message) {
                        count++;
                        if (message.startsWith("close:")) {
                            ws.close(Integer.parseInt(message.substring(6)), "asked");
                        } else if (message.equals("throw")) {
                            throw new IllegalStateException("handler failed on purpose");
                        } else if (message.equals("count")) {
                            ws.send(Integer.toString(count));
                        } else if (message.startsWith("kv:")) {
                            env.kv("KV").put("last", message.substring(3));
                            ws.send("stored " + env.kv("KV").get("last").orElse("?"));
                        } else {
                            ws.send(message);
                        }
                    }

                    public void onBinary(WebSocket ws, byte[] message) {
                        ws.send(message);
                    }

                    public void onError(WebSocket ws, Throwable error) {
                        EVENTS.add(id + " error " + ((WebSocketException) error).closeCode());
                    }

                    public void onClose(WebSocket ws, int code, String reason, boolean wasClean) {
                        EVENTS.add(id + " close " + code + " " + wasClean + " " + ws.readyState());
                    }
                });
                if (request.path().equals("/greet")) {
                    socket.send("hello before the upgrade");
                }
                Headers headers = request.header("sec-websocket-protocol").isPresent()
                        ? Headers.of("sec-websocket-protocol", "b") : Headers.of();
                return Response.webSocket(socket, headers);
            }
            """;

    @TempDir
    static Path root;
    static KilnServer server;

    @BeforeAll
    static void start() {
        Path worker = WorkerFixture.worker(root, "ws", WORKER, "[[kv_namespaces]]\nbinding = \"KV\"\nid = \"ws-kv\"\n");
        server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> events(String id) {
        String body = Http.get(server.url() + "/events").body();
        return body.lines().filter(line -> line.startsWith(id + " ")).map(line -> line.substring(id.length() + 1)).toList();
    }

    @Test
    void echoesTextAndBinaryMessages() throws Exception {
        WsClient client = WsClient.connect(server, "/echo?id=echo");
        client.socket.sendText("hello", true).join();
        assertThat(client.next()).isEqualTo("hello");
        byte[] bytes = {0, 1, 2, (byte) 0xFF};
        client.socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        assertThat((byte[]) client.next()).containsExactly(bytes);
        client.socket.sendText("héllo ✓", true).join();
        assertThat(client.next()).isEqualTo("héllo ✓");
    }

    @Test
    void fragmentsAreJoinedIntoOneMessage() throws Exception {
        WsClient client = WsClient.connect(server, "/echo?id=fragments");
        client.socket.sendText("part one, ", false).join();
        client.socket.sendText("part two", true).join();
        assertThat(client.next()).isEqualTo("part one, part two");
    }

    @Test
    void eventsOfOneSocketRunOneAtATimeInOrder() throws Exception {
        WsClient client = WsClient.connect(server, "/echo?id=order");
        for (int i = 0; i < 50; i++) {
            client.socket.sendText("m" + i, true).join();
        }
        client.socket.sendText("count", true).join();
        for (int i = 0; i < 50; i++) {
            assertThat(client.next()).isEqualTo("m" + i);
        }
        assertThat(client.next()).isEqualTo("51");
    }

    @Test
    void handlersCanUseTheWorkersBindings() throws Exception {
        WsClient client = WsClient.connect(server, "/echo?id=kv");
        client.socket.sendText("kv:v1", true).join();
        assertThat(client.next()).isEqualTo("stored v1");
    }

    @Test
    void messagesSentBeforeTheUpgradeArriveFirst() throws Exception {
        WsClient client = WsClient.connect(server, "/greet?id=greet");
        assertThat(client.next()).isEqualTo("hello before the upgrade");
    }

    @Test
    void pingsAreAnswered() {
        WsClient client = WsClient.connect(server, "/echo?id=ping");
        client.socket.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).join();
        ByteBuffer pong = client.pong.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(StandardCharsets.UTF_8.decode(pong).toString()).isEqualTo("are you there");
    }

    @Test
    void theWorkerChoosesTheSubprotocol() {
        WsClient client = WsClient.connect(server, "/echo?id=proto", "a", "b");
        assertThat(client.socket.getSubprotocol()).isEqualTo("b");
    }

    @Test
    void aClientCloseIsAnsweredWithTheSameCodeAndReachesTheHandler() {
        WsClient client = WsClient.connect(server, "/echo?id=clientclose");
        client.socket.sendClose(4000, "bye").join();
        assertThat(client.awaitClose().code()).isEqualTo(4000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events("clientclose")).containsExactly("close 4000 true CLOSED"));
    }

    @Test
    void aServerCloseCompletesTheHandshake() {
        WsClient client = WsClient.connect(server, "/echo?id=serverclose");
        client.socket.sendText("close:4001", true).join();
        assertThat(client.awaitClose()).isEqualTo(new WsClient.Closed(4001, "asked"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events("serverclose")).containsExactly("close 4001 true CLOSED"));
    }

    @Test
    void aMessageOfExactlyOneMebibyteIsAccepted() throws Exception {
        WsClient client = WsClient.connect(server, "/echo?id=onemib");
        byte[] big = new byte[1 << 20];
        big[big.length - 1] = 42;
        client.socket.sendBinary(ByteBuffer.wrap(big), true).join();
        assertThat((byte[]) client.next()).hasSize(1 << 20).endsWith(42);
    }

    @Test
    void anOversizeMessageClosesWith1009AndTheServerKeepsServing() throws Exception {
        // bindings.md §12 / Cloudflare: received messages are limited to 1 MiB; larger ones close with 1009.
        WsClient client = WsClient.connect(server, "/echo?id=oversize");
        client.socket.sendBinary(ByteBuffer.wrap(new byte[(1 << 20) + 1]), true);
        WsClient.Closed closed = client.awaitClose();
        assertThat(closed.code()).isEqualTo(1009);
        assertThat(closed.reason()).contains("Message is too large: 1048577 bytes > 1048576");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events("oversize")).containsExactly("error 1009", "close 1009 false CLOSED"));
        WsClient next = WsClient.connect(server, "/echo?id=afteroversize");
        next.socket.sendText("still here", true).join();
        assertThat(next.next()).isEqualTo("still here");
    }

    @Test
    void anOversizeTextMessageClosesWith1009() {
        WsClient client = WsClient.connect(server, "/echo?id=oversizetext");
        client.socket.sendText("x".repeat((1 << 20) + 1), true);
        assertThat(client.awaitClose().code()).isEqualTo(1009);
    }

    @Test
    void anOversizeFragmentedMessageClosesWith1009() {
        WsClient client = WsClient.connect(server, "/echo?id=oversizefragments");
        byte[] half = new byte[600_000];
        client.socket.sendBinary(ByteBuffer.wrap(half), false).join();
        client.socket.sendBinary(ByteBuffer.wrap(half), true);
        assertThat(client.awaitClose().code()).isEqualTo(1009);
    }

    @Test
    void aHandlerThatThrowsClosesTheSocketWith1011() {
        WsClient client = WsClient.connect(server, "/echo?id=throw");
        client.socket.sendText("throw", true).join();
        assertThat(client.awaitClose()).isEqualTo(new WsClient.Closed(1011, "Internal Error"));
        assertThat(Http.get(server.url() + "/events").statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatVanishesProducesACloseEvent() {
        WsClient client = WsClient.connect(server, "/echo?id=vanish");
        client.socket.sendText("hi", true).join();
        client.socket.abort();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events("vanish")).containsExactly("close 1006 false CLOSED"));
    }

    @Test
    void manySocketsAtOnceEachGetTheirOwnEchoes() throws Exception {
        int sockets = 200;
        int messages = 20;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Object>>> results = new ArrayList<>();
            for (int s = 0; s < sockets; s++) {
                int socket = s;
                results.add(pool.submit(() -> {
                    WsClient client = WsClient.connect(server, "/echo?id=many" + socket);
                    List<Object> received = new ArrayList<>();
                    for (int m = 0; m < messages; m++) {
                        client.socket.sendText(socket + ":" + m, true).join();
                    }
                    for (int m = 0; m < messages; m++) {
                        received.add(client.next());
                    }
                    client.socket.sendClose(1000, "").join();
                    client.awaitClose();
                    return received;
                }));
            }
            for (int s = 0; s < sockets; s++) {
                List<Object> expected = new ArrayList<>();
                for (int m = 0; m < messages; m++) {
                    expected.add(s + ":" + m);
                }
                assertThat(results.get(s).get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        }
    }

    @Test
    void aPlainAnswerToAnUpgradeRequestReachesTheClient() {
        assertThatThrownBy(() -> WsClient.connect(server, "/refuse?id=refuse"))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        assertThat(Http.get(server.url() + "/events").statusCode()).isEqualTo(200);
    }

    @Test
    void aSocketTheWorkerDidNotAcceptIsA500() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(handshake("/unaccepted", "dGhlIHNhbXBsZSBub25jZQ=="));
            String response = raw.readResponse();
            assertThat(response).startsWith("HTTP/1.1 500").contains("the worker returned a WebSocket it did not accept()");
        }
    }

    @Test
    void aWebSocketAnswerToAPlainRequestIs426() {
        HttpResponse<String> r = Http.get(server.url() + "/plain-socket");
        assertThat(r.statusCode()).isEqualTo(426);
        assertThat(r.body()).contains("did not ask for one");
    }

    @Test
    void anInvalidHandshakeIs400WithTheReason() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(handshake("/plain-socket", "too-short"));
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").contains("Sec-WebSocket-Key must be 16 bytes in base64");
        }
    }

    @Test
    void theUpgradeAndTheCloseAppearInTail() {
        try (TailBus.Subscription tail = server.runtime().tail().subscribe()) {
            WsClient client = WsClient.connect(server, "/echo?id=tail");
            client.socket.sendClose(1000, "done").join();
            client.awaitClose();
            List<TailEvent> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                TailEvent e = tail.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    seen.add(e);
                }
                return seen.stream().anyMatch(x -> x.eventType().equals("websocket"));
            });
            assertThat(seen).anySatisfy(e -> {
                assertThat(e.eventType()).isEqualTo("fetch");
                assertThat(e.status()).contains(101);
                assertThat(e.outcome()).isEqualTo("ok");
            });
            assertThat(seen).anySatisfy(e -> {
                assertThat(e.eventType()).isEqualTo("websocket");
                assertThat(e.outcome()).isEqualTo("ok");
                assertThat(e.logs()).singleElement().satisfies(l -> assertThat(l.message()).contains("1000"));
            });
        }
    }

    static String handshake(String path, String key) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key + "\r\n\r\n";
    }
}

package dev.kiln.server;

import dev.kiln.bindings.durable.DurableObjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hibernatable WebSockets (bindings.md §2.3, §2.8): a worker hands the upgrade to an object, the object accepts
 * the socket, is evicted while the socket stays open, and is re-created for the next message.
 */
class HibernationTest {

    static final String TOML = """
            name = "rooms"
            main = "test.Main"
            compatibility_date = "2026-11-01"
            [[durable_objects.bindings]]
            name = "ROOMS"
            class_name = "Room"
            [[migrations]]
            tag = "v1"
            new_sqlite_classes = ["Room"]
            """;

    static final String MAIN = """
            public final class Main implements Worker {
                public Response fetch(Request req, Env env, ExecutionContext ctx) {
                    String[] parts = req.path().split("/", 4); // "", "room", name, rest
                    return env.durableObject("ROOMS").getByName(parts[2]).fetch(req);
                }
            }
            """;

    /** Records closes and errors in storage, so they survive evictions and can be read back over HTTP. */
    static final String ROOM = """
            public final class Room implements DurableObject {
                static final java.util.concurrent.atomic.AtomicInteger CONSTRUCTED = new java.util.concurrent.atomic.AtomicInteger();
                private final DurableObjectState state;

                public Room(DurableObjectState state, Env env) {
                    this.state = state;
                    CONSTRUCTED.incrementAndGet();
                    state.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
                }

                record Who(String user) { }

                public Response fetch(Request req) {
                    String user = req.queryParam("user").orElse("-");
                    try {
                        if (req.path().endsWith("/join")) {
                            WebSocket ws = WebSocket.create();
                            state.acceptWebSocket(ws, req.queryParams("tag"));
                            ws.serializeAttachment(new Who(user));
                            return Response.webSocket(ws);
                        }
                        if (req.path().endsWith("/broadcast")) {
                            List<WebSocket> to = req.queryParam("tag").map(state::getWebSockets).orElseGet(state::getWebSockets);
                            to.forEach(ws -> ws.send(req.queryParam("msg").orElse("")));
                            return Response.text(String.valueOf(to.size()));
                        }
                        if (req.path().endsWith("/count")) {
                            return Response.text(String.valueOf(state.getWebSockets().size()));
                        }
                        if (req.path().endsWith("/autotime")) {
                            return Response.text(state.getWebSockets().stream()
                                    .filter(ws -> ws.deserializeAttachment(Who.class).map(Who::user).orElse("").equals(user))
                                    .map(ws -> state.getWebSocketAutoResponseTimestamp(ws).map(Object::toString).orElse("never"))
                                    .findFirst().orElse("no socket"));
                        }
                        if (req.path().endsWith("/constructed")) {
                            return Response.text(String.valueOf(CONSTRUCTED.get()));
                        }
                        if (req.path().endsWith("/record")) {
                            return Response.text(state.storage().get(req.queryParam("key").orElse(""), String.class).orElse("none"));
                        }
                        if (req.path().endsWith("/plain-accept")) {
                            WebSocket.create().accept(new WebSocket.Handler() { });
                        }
                        if (req.path().endsWith("/foreign-tags")) {
                            return Response.text(state.getTags(WebSocket.create()).toString());
                        }
                        if (req.path().endsWith("/accept-then-fail")) {
                            state.acceptWebSocket(WebSocket.create());
                            throw new UnsupportedOperationException("fails after accepting");
                        }
                        if (req.path().endsWith("/eleven-tags")) {
                            state.acceptWebSocket(WebSocket.create(), Collections.nCopies(11, "t"));
                        }
                        return Response.text(404, "no such room path\\n");
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        return Response.text(400, e.getMessage());
                    }
                }

                public void webSocketMessage(WebSocket ws, String message) {
                    String user = ws.deserializeAttachment(Who.class).map(Who::user).orElse("?");
                    if (message.equals("whoami")) {
                        ws.send(user + " " + state.getTags(ws));
                    } else if (message.startsWith("store:")) {
                        state.storage().put("value", message.substring(6));
                        ws.send("stored");
                    } else if (message.equals("get")) {
                        ws.send(state.storage().get("value", String.class).orElse("none"));
                    } else if (message.equals("fail")) {
                        state.storage().put("value", "from the failed event");
                        ws.send("held back by the output gate");
                        throw new IllegalStateException("fails after writing and sending");
                    }
                }

                public void webSocketClose(WebSocket ws, int code, String reason, boolean wasClean) {
                    String user = ws.deserializeAttachment(Who.class).map(Who::user).orElse("?");
                    state.storage().put("closed:" + user, code + " " + wasClean + " open=" + state.getWebSockets().contains(ws));
                }

                public void webSocketError(WebSocket ws, Throwable error) {
                    String user = ws.deserializeAttachment(Who.class).map(Who::user).orElse("?");
                    state.storage().put("error:" + user, String.valueOf(((WebSocketException) error).closeCode()));
                }
            }
            """;

    @TempDir
    Path root;
    KilnServer server;

    @BeforeAll
    static void quickEviction() {
        System.setProperty("kiln.do.idleTimeout", "PT0.5S");
    }

    @AfterAll
    static void defaultEviction() {
        System.clearProperty("kiln.do.idleTimeout");
    }

    @BeforeEach
    void start() {
        Path worker = ObjectProject.write(root, "rooms", TOML, Map.of("Main", MAIN, "Room", ROOM));
        server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String get(String pathAndQuery) {
        return Http.get(server.url() + pathAndQuery).body();
    }

    private void awaitEviction() {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.runtime().bindingHost(DurableObjects.class).orElseThrow().liveObjects() == 0);
    }

    @Test
    void aThousandHibernatedSocketsOnOneObjectAllGetABroadcast() throws Exception {
        int count = 1000;
        List<WsClient> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<CompletableFuture<WsClient>> opening = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String path = "/room/big/join?user=u" + i;
                opening.add(CompletableFuture.supplyAsync(() -> WsClient.connect(server, path), pool));
            }
            for (CompletableFuture<WsClient> c : opening) {
                clients.add(c.get(60, TimeUnit.SECONDS));
            }
        }
        awaitEviction(); // every socket stays open while the object is out of memory
        int constructedBefore = Integer.parseInt(get("/room/big/constructed"));
        assertThat(get("/room/big/broadcast?msg=hello-all")).isEqualTo(String.valueOf(count));
        for (WsClient client : clients) {
            assertThat(client.next()).isEqualTo("hello-all");
        }
        assertThat(constructedBefore).isGreaterThanOrEqualTo(2); // constructed again after the eviction
    }

    @Test
    void tagsAndAttachmentsSurviveHibernation() throws Exception {
        WsClient ada = WsClient.connect(server, "/room/tags/join?user=ada&tag=red&tag=admin");
        WsClient bob = WsClient.connect(server, "/room/tags/join?user=bob&tag=blue");
        awaitEviction();
        ada.socket.sendText("whoami", true).join();
        assertThat(ada.next()).isEqualTo("ada [red, admin]");
        assertThat(get("/room/tags/broadcast?tag=blue&msg=blues")).isEqualTo("1");
        assertThat(bob.next()).isEqualTo("blues");
        assertThat(ada.messages).isEmpty();
    }

    @Test
    void theAutoResponseAnswersWithoutWakingTheObjectAndRecordsWhen() throws Exception {
        WsClient client = WsClient.connect(server, "/room/auto/join?user=pinger");
        assertThat(get("/room/auto/autotime?user=pinger")).isEqualTo("never");
        awaitEviction();
        java.time.Instant before = java.time.Instant.now();
        client.socket.sendText("ping", true).join();
        assertThat(client.next()).isEqualTo("pong");
        assertThat(server.runtime().bindingHost(DurableObjects.class).orElseThrow().liveObjects()).isZero();
        assertThat(java.time.Instant.parse(get("/room/auto/autotime?user=pinger"))).isAfterOrEqualTo(before.minusMillis(1));
    }

    @Test
    void aVanishedClientGetsACloseEventAndLeavesGetWebSockets() {
        WsClient stays = WsClient.connect(server, "/room/v/join?user=stays");
        WsClient gone = WsClient.connect(server, "/room/v/join?user=gone");
        assertThat(get("/room/v/count")).isEqualTo("2");
        awaitEviction();
        gone.socket.abort();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/room/v/record?key=closed:gone")).isEqualTo("1006 false open=false"));
        assertThat(get("/room/v/count")).isEqualTo("1");
        assertThat(stays.socket.isOutputClosed()).isFalse();
    }

    @Test
    void aClientCloseReachesWebSocketClose() {
        WsClient client = WsClient.connect(server, "/room/c/join?user=polite");
        client.socket.sendClose(4000, "bye").join();
        assertThat(client.awaitClose().code()).isEqualTo(4000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/room/c/record?key=closed:polite")).isEqualTo("4000 true open=false"));
    }

    @Test
    void anEventThatThrowsSendsNothingAndWritesNothing() throws Exception {
        // bindings.md §2.4 rule 5 and Kiln's atomic events: the failed event's write and send are both dropped.
        WsClient client = WsClient.connect(server, "/room/gate/join?user=g");
        client.socket.sendText("store:kept", true).join();
        assertThat(client.next()).isEqualTo("stored");
        client.socket.sendText("fail", true).join();
        client.socket.sendText("get", true).join();
        assertThat(client.next()).isEqualTo("kept");
    }

    @Test
    void anOversizeFrameClosesWith1009AndTheObjectSeesErrorThenClose() throws Exception {
        WsClient client = WsClient.connect(server, "/room/big-frame/join?user=flood");
        // bindings.md §2.8: an object's hibernatable socket takes messages up to 32 MiB (a worker's, 1 MiB).
        client.socket.sendText("x".repeat(2 << 20), true).join();
        client.socket.sendText("whoami", true).join();
        assertThat((String) client.next()).startsWith("flood");
        client.socket.sendBinary(ByteBuffer.wrap(new byte[(32 << 20) + 1]), true);
        assertThat(client.awaitClose().code()).isEqualTo(1009);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(get("/room/big-frame/record?key=error:flood")).isEqualTo("1009");
            assertThat(get("/room/big-frame/record?key=closed:flood")).isEqualTo("1009 false open=false");
        });
    }

    @Test
    void aSocketReturnedToAPlainRequestIsClosedAndForgotten() {
        assertThat(Http.get(server.url() + "/room/plain/join?user=nobody").statusCode()).isEqualTo(426);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/room/plain/record?key=closed:nobody")).isEqualTo("1006 false open=false"));
        assertThat(get("/room/plain/count")).isEqualTo("0");
    }

    @Test
    void aSocketAcceptedByAFailedEventIsForgotten() {
        assertThat(Http.get(server.url() + "/room/undo/accept-then-fail").statusCode()).isEqualTo(500);
        assertThat(get("/room/undo/count")).isEqualTo("0");
    }

    @Test
    void tagLimitsAndForeignSocketsGetPreciseErrors() {
        // bindings.md §2.3: at most 10 tags; getTags throws for a socket not accepted with acceptWebSocket.
        HttpResponse<String> tags = Http.get(server.url() + "/room/limits/eleven-tags");
        assertThat(tags.statusCode()).isEqualTo(400);
        assertThat(tags.body()).isEqualTo("a WebSocket may have at most 10 tags, got 11");
        assertThat(get("/room/limits/foreign-tags")).isEqualTo("this WebSocket was not accepted with acceptWebSocket on this Durable Object");
        // accept() would run the socket's events beside the object's own: refused, pointing at acceptWebSocket
        assertThat(get("/room/limits/plain-accept")).startsWith("inside a Durable Object, accept WebSockets with state.acceptWebSocket");
    }
}

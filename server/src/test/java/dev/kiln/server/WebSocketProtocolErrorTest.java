package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames that break RFC 6455, sent by hand: each fails the connection with the precise close code, the
 * handler sees the error and the close, and the server keeps serving. A client that stops answering pings
 * is dropped and reported closed.
 */
class WebSocketProtocolErrorTest {

    @TempDir
    static Path root;
    static KilnServer server;

    @BeforeAll
    static void start() {
        Path worker = WorkerFixture.worker(root, "ws", WebSocketTest.WORKER, "[[kv_namespaces]]\nbinding = \"KV\"\nid = \"ws-kv\"\n");
        var runtime = dev.kiln.runtime.KilnRuntime.start(WorkerFixture.options(root), java.util.List.of(dev.kiln.runtime.WorkerSpec.of(worker)));
        // Quick heartbeat so that a silent client is found out within a second.
        var timing = new WebSocketConnection.Timing(Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofSeconds(2), 1L << 20);
        server = KilnServer.start(runtime, ServerOptions.ephemeral(WorkerFixture.TOKEN), timing);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> badFrames() {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] unmasked = {(byte) 0x81, 0x02, 'h', 'i'};
        return Stream.of(
                Arguments.of("unmasked", unmasked, 1002, "client frames must be masked"),
                Arguments.of("rsv", RawWebSocket.maskedFrame(0xC1, hello), 1002, "reserved bits set"),
                Arguments.of("opcode", RawWebSocket.maskedFrame(0x83, hello), 1002, "unknown opcode 0x3"),
                Arguments.of("continuation", RawWebSocket.maskedFrame(0x80, hello), 1002, "continuation frame without a message"),
                Arguments.of("fragmentedping", RawWebSocket.maskedFrame(0x09, hello), 1002, "control frames must not be fragmented"),
                Arguments.of("bigping", RawWebSocket.maskedFrame(0x89, new byte[126]), 1002, "control frame payload is 126 bytes > 125"),
                Arguments.of("closecode", RawWebSocket.maskedFrame(0x88, new byte[] {0x03, (byte) 0xED}), 1002, "close code 1005 may not be sent"),
                Arguments.of("utf8", RawWebSocket.maskedFrame(0x81, new byte[] {(byte) 0xC3, 0x28}), 1007, "text message is not valid UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void aBadFrameFailsTheConnectionWithItsCode(String id, byte[] frame, int code, String reason) throws Exception {
        // RFC 6455 §7.1.7: fail the connection with a close frame naming the problem, then end it.
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo?id=" + id)) {
            ws.sendRaw(frame);
            RawWebSocket.Frame close = ws.read();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(code);
            assertThat(close.closeReason()).contains(reason);
            ws.sendFrame(0x88, new byte[] {(byte) (code >>> 8), (byte) code});
            assertThat(ws.serverHungUp()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(id))
                .containsExactly("error " + code, "close " + code + " false CLOSED"));
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo?id=after" + id)) {
            ws.sendFrame(0x81, "still serving".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(ws.read().payload(), StandardCharsets.UTF_8)).isEqualTo("still serving");
        }
    }

    @Test
    void aLengthWithItsTopBitSetFailsTheConnectionWith1002() throws Exception {
        byte[] frame = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo?id=toplength")) {
            ws.sendRaw(frame);
            RawWebSocket.Frame close = ws.read();
            assertThat(close.closeCode()).isEqualTo(1002);
            assertThat(close.closeReason()).contains("most significant bit");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("toplength"))
                .containsExactly("error 1002", "close 1002 false CLOSED"));
    }

    @Test
    void controlFramesBetweenFragmentsAreAllowed() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo?id=interleaved")) {
            ws.sendFrame(0x01, "one ".getBytes(StandardCharsets.UTF_8));
            ws.sendFrame(0x89, "p".getBytes(StandardCharsets.UTF_8));
            ws.sendFrame(0x80, "two".getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Frame pong = ws.read();
            assertThat(pong.opcode()).isEqualTo(0xA);
            assertThat(new String(pong.payload(), StandardCharsets.UTF_8)).isEqualTo("p");
            assertThat(new String(ws.read().payload(), StandardCharsets.UTF_8)).isEqualTo("one two");
        }
    }

    @Test
    void aClientThatStopsAnsweringPingsIsDroppedAndReportedClosed() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo?id=silent")) {
            RawWebSocket.Frame ping = ws.read();
            assertThat(ping.opcode()).isEqualTo(0x9);
            // never answer: the server gives up after the dead-client timeout and closes the connection
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(events("silent")).containsExactly("close 1006 false CLOSED"));
        }
    }

    @Test
    void aClientThatAnswersPingsStaysConnected() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo?id=lively")) {
            for (int i = 0; i < 6; i++) { // 6 pings of 200 ms outlast the 800 ms dead-client timeout
                RawWebSocket.Frame ping = ws.read();
                assertThat(ping.opcode()).isEqualTo(0x9);
                ws.sendFrame(0x8A, ping.payload());
            }
            ws.sendFrame(0x81, "alive".getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Frame next = ws.read();
            while (next.opcode() == 0x9) {
                next = ws.read();
            }
            assertThat(new String(next.payload(), StandardCharsets.UTF_8)).isEqualTo("alive");
            assertThat(events("lively")).isEmpty();
        }
    }

    static java.util.List<String> events(String id) {
        return Http.get(server.url() + "/events").body().lines()
                .filter(line -> line.startsWith(id + " ")).map(line -> line.substring(id.length() + 1)).toList();
    }
}

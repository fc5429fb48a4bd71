package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The frame reader on bytes in memory: joining, control frames, limits and the rules of RFC 6455 §5. */
class WebSocketFrameReaderTest {

    private static WebSocketFrameReader reader(int max, byte[]... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            all.writeBytes(f);
        }
        byte[] bytes = all.toByteArray();
        return new WebSocketFrameReader(new WebSocketFrameReader.Input() {
            int at;

            @Override
            public int readByte() {
                if (at >= bytes.length) {
                    throw new IllegalStateException("end of input");
                }
                return bytes[at++] & 0xFF;
            }

            @Override
            public void readFully(byte[] target, int offset, int length) {
                for (int i = 0; i < length; i++) {
                    target[offset + i] = (byte) readByte();
                }
            }

            @Override
            public void skip(long length) {
                at += (int) length;
            }
        }, max);
    }

    private static byte[] frame(int first, String text) {
        return RawWebSocket.maskedFrame(first, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void joinsFragmentsAndPassesControlFramesInBetween() {
        WebSocketFrameReader r = reader(100, frame(0x01, "a"), frame(0x89, "p"), frame(0x00, "b"), frame(0x80, "c"));
        assertThat(r.next()).isInstanceOfSatisfying(WebSocketFrameReader.Ping.class,
                p -> assertThat(new String(p.payload(), StandardCharsets.UTF_8)).isEqualTo("p"));
        assertThat(r.next()).isEqualTo(new WebSocketFrameReader.Text("abc"));
    }

    @Test
    void aMessageAtTheLimitIsWholeAndOneByteMoreIs1009() {
        assertThat(reader(3, frame(0x81, "abc")).next()).isEqualTo(new WebSocketFrameReader.Text("abc"));
        assertThatThrownBy(() -> reader(3, frame(0x01, "ab"), frame(0x80, "cd")).next())
                .isInstanceOfSatisfying(WebSocketFrameException.class, e -> {
                    assertThat(e.closeCode()).isEqualTo(1009);
                    assertThat(e.getMessage()).isEqualTo("Message is too large: 4 bytes > 3");
                    assertThat(e.unreadBytes()).isEqualTo(4 + 2);
                });
    }

    @Test
    void aCloseFrameCarriesItsCodeAndReasonOr1005() {
        byte[] payload = {0x0F, (byte) 0xA0, 'b', 'y', 'e'};
        assertThat(reader(10, RawWebSocket.maskedFrame(0x88, payload)).next()).isEqualTo(new WebSocketFrameReader.Close(4000, "bye"));
        assertThat(reader(10, RawWebSocket.maskedFrame(0x88, new byte[0])).next()).isEqualTo(new WebSocketFrameReader.Close(1005, ""));
    }

    @Test
    void aNewMessageInsideAFragmentedOneIs1002() {
        assertThatThrownBy(() -> reader(100, frame(0x01, "a"), frame(0x81, "b")).next())
                .isInstanceOfSatisfying(WebSocketFrameException.class, e -> assertThat(e.closeCode()).isEqualTo(1002));
    }

    @Test
    void afterAFailureTheReaderSkipsToTheClientsClose() {
        byte[] close = RawWebSocket.maskedFrame(0x88, new byte[] {0x03, (byte) 0xE8});
        WebSocketFrameReader r = reader(3, frame(0x82, "toolong"), frame(0x81, "ignored"), close);
        long unread;
        try {
            r.next();
            throw new AssertionError("expected 1009");
        } catch (WebSocketFrameException e) {
            unread = e.unreadBytes();
        }
        assertThat(r.awaitClose(unread).code()).isEqualTo(1000);
    }

    @Test
    void onlyRegisteredCloseCodesMayBeSent() {
        assertThat(WebSocketFrameReader.validCloseCode(1000)).isTrue();
        assertThat(WebSocketFrameReader.validCloseCode(1011)).isTrue();
        assertThat(WebSocketFrameReader.validCloseCode(4999)).isTrue();
        assertThat(WebSocketFrameReader.validCloseCode(999)).isFalse();
        assertThat(WebSocketFrameReader.validCloseCode(1004)).isFalse();
        assertThat(WebSocketFrameReader.validCloseCode(1005)).isFalse();
        assertThat(WebSocketFrameReader.validCloseCode(1006)).isFalse();
        assertThat(WebSocketFrameReader.validCloseCode(1015)).isFalse();
        assertThat(WebSocketFrameReader.validCloseCode(2999)).isFalse();
        assertThat(WebSocketFrameReader.validCloseCode(5000)).isFalse();
    }

    @Test
    void serverFramesUseTheShortestLengthAndCloseReasonsFit() {
        assertThat(WebSocketFrames.encode(0x1, new byte[125])).hasSize(2 + 125);
        assertThat(WebSocketFrames.encode(0x1, new byte[126])).hasSize(4 + 126);
        assertThat(WebSocketFrames.encode(0x2, new byte[65536])).hasSize(10 + 65536);
        byte[] close = WebSocketFrames.close(1009, "é".repeat(100));
        assertThat(close[1]).isLessThanOrEqualTo((byte) 125);
        assertThat(new String(close, 4, close.length - 4, StandardCharsets.UTF_8)).isEqualTo("é".repeat(61));
    }

    @Test
    void theAcceptKeyIsTheOneFromRfc6455() {
        // RFC 6455 §1.3's worked example.
        assertThat(WebSocketHandshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
}

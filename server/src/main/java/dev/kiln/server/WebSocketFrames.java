package dev.kiln.server;

import dev.kiln.api.WebSocket;
import java.nio.charset.StandardCharsets;

/** Encodes server frames (RFC 6455 §5.2): final, unmasked, one frame per message. */
final class WebSocketFrames {

    private WebSocketFrames() {
    }

    /** @return the frame's bytes: header, then payload */
    static byte[] encode(int opcode, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length < 65536) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }

    /**
     * @param code the close code, or {@link WebSocket#NO_STATUS_RECEIVED} for an empty close frame
     * @param reason the reason; cut to fit the 125-byte control payload at a character boundary
     * @return a close frame
     */
    static byte[] close(int code, String reason) {
        if (code == WebSocket.NO_STATUS_RECEIVED) {
            return encode(WebSocketFrameReader.CLOSE, new byte[0]);
        }
        byte[] text = fit(reason, 123);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return encode(WebSocketFrameReader.CLOSE, payload);
    }

    private static byte[] fit(String reason, int maxBytes) {
        String cut = reason;
        byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);
        while (bytes.length > maxBytes) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
            bytes = cut.getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}

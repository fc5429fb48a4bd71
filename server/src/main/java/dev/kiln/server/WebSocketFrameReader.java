package dev.kiln.server;

import dev.kiln.api.WebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a client's WebSocket frames (RFC 6455 §5) and joins fragments into whole messages. Every rule a client
 * can break ends in a {@link WebSocketFrameException} carrying the close code to fail the connection with:
 * 1002 for framing, 1007 for text that is not UTF-8, 1009 for a message over the size limit. Not thread-safe:
 * one reader per connection.
 */
final class WebSocketFrameReader {

    /** Where frame bytes come from; both methods block until the bytes are there. */
    interface Input {
        /** @return the next byte (0..255) */
        int readByte();

        /** Reads exactly {@code length} bytes into {@code target} at {@code offset}. */
        void readFully(byte[] target, int offset, int length);

        /** Reads and drops exactly {@code length} bytes. */
        void skip(long length);
    }

    /** What the reader hands out: a whole data message or one control frame. */
    sealed interface Inbound {
    }

    record Text(String text) implements Inbound {
    }

    record Binary(byte[] data) implements Inbound {
    }

    record Ping(byte[] payload) implements Inbound {
    }

    record Pong(byte[] payload) implements Inbound {
    }

    /** A close frame; {@code code} is 1005 when the frame carried none. */
    record Close(int code, String reason) implements Inbound {
    }

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** RFC 6455 §5.5: control frames carry at most 125 bytes. */
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final Input in;
    private final int maxMessageBytes;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private int messageType = -1; // TEXT or BINARY while a fragmented message is open

    WebSocketFrameReader(Input in, int maxMessageBytes) {
        this.in = in;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * @return the next whole message or control frame
     * @throws WebSocketFrameException if the client broke the protocol or a limit
     */
    Inbound next() {
        while (true) {
            int b0 = in.readByte();
            int b1 = in.readByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            boolean masked = (b1 & 0x80) != 0;
            long length = payloadLength(b1 & 0x7F);
            long unread = (masked ? 4 : 0) + length;
            if ((b0 & 0x70) != 0) {
                throw protocolError("reserved bits set, but no extension was negotiated (RFC 6455 §5.2)", unread);
            }
            if (!masked) {
                throw protocolError("client frames must be masked (RFC 6455 §5.1)", unread);
            }
            if (opcode >= CLOSE) {
                Inbound control = control(opcode, fin, length);
                if (control != null) {
                    return control;
                }
                continue;
            }
            Inbound data = data(opcode, fin, length);
            if (data != null) {
                return data;
            }
        }
    }

    /**
     * Reads on after the connection was failed or closed by the server, up to the client's close frame: data
     * frames are skipped unread, pings and pongs dropped.
     *
     * @param unreadBytes bytes of the frame that failed the connection, still to skip
     * @return the client's close frame
     * @throws WebSocketFrameException if the framing is broken
     */
    Close awaitClose(long unreadBytes) {
        in.skip(unreadBytes);
        while (true) {
            int b0 = in.readByte();
            int b1 = in.readByte();
            boolean masked = (b1 & 0x80) != 0;
            long length = payloadLength(b1 & 0x7F);
            if ((b0 & 0x0F) != CLOSE || !masked || length > MAX_CONTROL_PAYLOAD) {
                in.skip((masked ? 4 : 0) + length);
                continue;
            }
            byte[] payload = maskedPayload((int) length);
            return payload.length < 2 ? new Close(WebSocket.NO_STATUS_RECEIVED, "")
                    : new Close((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF), "");
        }
    }

    private long payloadLength(int length7) {
        if (length7 < 126) {
            return length7;
        }
        if (length7 == 126) {
            return (long) in.readByte() << 8 | in.readByte();
        }
        long length = 0;
        for (int i = 0; i < 8; i++) {
            length = length << 8 | in.readByte();
        }
        if (length < 0) {
            throw protocolError("payload length has its most significant bit set (RFC 6455 §5.2)", -1);
        }
        return length;
    }

    private Inbound control(int opcode, boolean fin, long length) {
        if (opcode != CLOSE && opcode != PING && opcode != PONG) {
            throw protocolError("unknown opcode 0x" + Integer.toHexString(opcode), 4 + length);
        }
        if (!fin) {
            throw protocolError("control frames must not be fragmented (RFC 6455 §5.5)", 4 + length);
        }
        if (length > MAX_CONTROL_PAYLOAD) {
            throw protocolError("control frame payload is " + length + " bytes > " + MAX_CONTROL_PAYLOAD + " (RFC 6455 §5.5)", 4 + length);
        }
        byte[] payload = maskedPayload((int) length);
        return switch (opcode) {
            case PING -> new Ping(payload);
            case PONG -> new Pong(payload);
            default -> close(payload);
        };
    }

    private Inbound close(byte[] payload) {
        if (payload.length == 0) {
            return new Close(WebSocket.NO_STATUS_RECEIVED, "");
        }
        if (payload.length == 1) {
            throw protocolError("close frame payload of 1 byte: a status code takes 2 (RFC 6455 §5.5.1)", 0);
        }
        int code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        if (!validCloseCode(code)) {
            throw protocolError("close code " + code + " may not be sent (RFC 6455 §7.4)", 0);
        }
        String reason = utf8(payload, 2, payload.length - 2, "close reason");
        return new Close(code, reason);
    }

    /** RFC 6455 §7.4.1 and the IANA registry: codes a peer may put in a close frame. */
    static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private Inbound data(int opcode, boolean fin, long length) {
        if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY) {
            throw protocolError("unknown opcode 0x" + Integer.toHexString(opcode), 4 + length);
        }
        if (opcode == CONTINUATION && messageType < 0) {
            throw protocolError("continuation frame without a message to continue (RFC 6455 §5.4)", 4 + length);
        }
        if (opcode != CONTINUATION && messageType >= 0) {
            throw protocolError("new message started before the fragmented one ended (RFC 6455 §5.4)", 4 + length);
        }
        long total = message.size() + length;
        if (total > maxMessageBytes) {
            throw new WebSocketFrameException(WebSocket.MESSAGE_TOO_BIG,
                    "Message is too large: " + total + " bytes > " + maxMessageBytes, 4 + length);
        }
        if (opcode != CONTINUATION) {
            messageType = opcode;
        }
        byte[] payload = maskedPayload((int) length);
        message.write(payload, 0, payload.length);
        if (!fin) {
            return null;
        }
        byte[] whole = message.toByteArray();
        int type = messageType;
        message.reset();
        messageType = -1;
        return type == TEXT ? new Text(utf8(whole, 0, whole.length, "text message")) : new Binary(whole);
    }

    private byte[] maskedPayload(int length) {
        byte[] mask = new byte[4];
        in.readFully(mask, 0, 4);
        byte[] payload = new byte[length];
        in.readFully(payload, 0, length);
        for (int i = 0; i < length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return payload;
    }

    private static String utf8(byte[] bytes, int offset, int length, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WebSocketFrameException(WebSocket.INVALID_PAYLOAD, what + " is not valid UTF-8 (RFC 6455 §8.1)", 0);
        }
    }

    private static WebSocketFrameException protocolError(String message, long unreadBytes) {
        return new WebSocketFrameException(WebSocket.PROTOCOL_ERROR, message, unreadBytes);
    }
}

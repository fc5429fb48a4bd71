package dev.kiln.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A hand-driven WebSocket client over one socket, for frames a real client would never send. */
final class RawWebSocket implements AutoCloseable {

    /** One frame from the server. */
    record Frame(int opcode, byte[] payload) {
        int closeCode() {
            return (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** Connects and completes the opening handshake. */
    RawWebSocket(int port, String path) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        out.write(WebSocketTest.handshake(path, "dGhlIHNhbXBsZSBub25jZQ==").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + head);
        }
    }

    /** Sends raw bytes as they are. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one masked frame with the given first byte (FIN, RSV and opcode bits). */
    void sendFrame(int firstByte, byte[] payload) throws IOException {
        sendRaw(maskedFrame(firstByte, payload));
    }

    static byte[] maskedFrame(int firstByte, byte[] payload) {
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) firstByte;
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** @return the next frame from the server (server frames are never masked) */
    Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, payload);
    }

    /** @return whether the server closed the TCP connection (read returns end of stream) */
    boolean serverHungUp() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

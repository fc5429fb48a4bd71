package dev.kiln.runtime;

/**
 * The connection under an accepted {@link dev.kiln.api.WebSocket}, implemented by the server. Thread-safe;
 * no method blocks on the client: messages are queued and written in call order.
 */
public interface WebSocketTransport {

    /** Queues a text message. */
    void sendText(String message);

    /** Queues a binary message. */
    void sendBinary(byte[] message);

    /**
     * Queues a close frame, once (later calls do nothing). The connection ends when the client answers with
     * its own close frame, or after a timeout.
     *
     * @param code the close code, or {@link dev.kiln.api.WebSocket#NO_STATUS_RECEIVED} for a close frame without one
     */
    void sendClose(int code, String reason);
}

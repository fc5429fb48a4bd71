package dev.kiln.runtime;

/**
 * The runtime's side of a connected WebSocket: the server delivers the client's events here, from the
 * connection's own thread, one at a time. {@link #onClose} is the last call.
 */
public interface WebSocketEndpoint {

    /** @return the largest message the server may deliver; a larger one fails the connection with 1009 */
    default int maxMessageBytes() {
        return dev.kiln.api.WebSocket.MAX_MESSAGE_BYTES;
    }

    /** A whole text message arrived (fragments already joined, UTF-8 checked). */
    void onText(String message);

    /** A whole binary message arrived. */
    void onBinary(byte[] message);

    /**
     * The server failed the connection because of the client; a close frame with {@code code} was sent.
     * {@link #onClose} follows.
     */
    void onError(int code, String reason);

    /**
     * The connection ended.
     *
     * @param code the client's close code, 1005 if its close frame had none, 1006 if it vanished, or the code
     *     the server closed with
     * @param wasClean whether both close frames were exchanged
     */
    void onClose(int code, String reason, boolean wasClean);
}

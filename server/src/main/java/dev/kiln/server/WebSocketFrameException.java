package dev.kiln.server;

/**
 * A client broke the WebSocket protocol or a limit; the connection is failed with {@link #closeCode()}.
 *
 * @see WebSocketFrameReader
 */
final class WebSocketFrameException extends RuntimeException {

    private final int closeCode;
    private final long unreadBytes;

    /**
     * @param closeCode the close code to send
     * @param message what the client did, for the close reason and the handler's error event
     * @param unreadBytes bytes of the offending frame still unread (its mask key and payload), which the server
     *     skips to go on reading up to the client's close frame; -1 if the frame boundaries are lost
     */
    WebSocketFrameException(int closeCode, String message, long unreadBytes) {
        super(message, null, false, false);
        this.closeCode = closeCode;
        this.unreadBytes = unreadBytes;
    }

    /** @return the close code to fail the connection with */
    int closeCode() {
        return closeCode;
    }

    /** @return bytes of the offending frame still unread, or -1 if the frame boundaries are lost */
    long unreadBytes() {
        return unreadBytes;
    }

    /** @return whether the frame boundaries are still known, so the server can read on to the client's close */
    boolean framingIntact() {
        return unreadBytes >= 0;
    }
}

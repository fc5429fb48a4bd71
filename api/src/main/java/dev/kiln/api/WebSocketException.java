package dev.kiln.api;

/**
 * A WebSocket failed because of what the client sent: a frame that breaks RFC 6455, text that is not UTF-8,
 * or a message over {@link WebSocket#MAX_MESSAGE_BYTES}. Given to {@link WebSocket.Handler#onError}; Kiln
 * has closed the socket with {@link #closeCode()}.
 */
public class WebSocketException extends RuntimeException {

    private final int closeCode;

    /**
     * @param closeCode the close code sent to the client
     * @param message what the client did wrong
     */
    public WebSocketException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** @return the close code sent to the client ({@code 1002}, {@code 1007} or {@code 1009}) */
    public int closeCode() {
        return closeCode;
    }
}

package dev.kiln.api;

import java.util.Objects;

/**
 * An automatic answer for hibernated WebSockets (bindings.md §2.3): a text message equal to {@code request}
 * is answered with {@code response} without waking the Durable Object. Set with
 * {@code DurableObjectState.setWebSocketAutoResponse}.
 *
 * @param request the exact text message to answer, at most 2,048 characters
 * @param response the text sent back, at most 2,048 characters
 */
public record WebSocketRequestResponsePair(String request, String response) {

    /** bindings.md §2.3: each side of the pair is at most 2,048 characters. */
    public static final int MAX_LENGTH = 2048;

    /** @throws IllegalArgumentException if either side is longer than {@link #MAX_LENGTH} */
    public WebSocketRequestResponsePair {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        if (request.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("auto-response request is too long: " + request.length() + " characters > " + MAX_LENGTH);
        }
        if (response.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("auto-response response is too long: " + response.length() + " characters > " + MAX_LENGTH);
        }
    }
}

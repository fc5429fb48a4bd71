package dev.kiln.runtime;

import dev.kiln.api.Response;

/**
 * The outcome of handing one request to the runtime: the response to send, and a callback for when it has
 * been sent (or sending failed), which records metrics, publishes the tail event and starts the
 * {@code waitUntil} deadline.
 */
public interface Exchange {

    /** @return the response to write */
    Response response();

    /** @return the request id ({@code kiln-request-id} response header) */
    String requestId();

    /**
     * Called once when the response has been written.
     *
     * @param error why writing failed (the client went away, the body threw), or null if it was sent
     */
    void finish(Throwable error);
}

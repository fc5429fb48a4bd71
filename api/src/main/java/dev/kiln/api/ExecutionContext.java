package dev.kiln.api;

import java.util.concurrent.CompletionStage;

/**
 * The context of one handler invocation. Thread-safe: tasks started with {@link #waitUntil(Runnable)}
 * may use it too.
 */
public interface ExecutionContext extends Fetcher {

    /** @return the id Kiln gave this invocation (also in {@code kiln tail}, logs and 500 responses) */
    String requestId();

    /**
     * Runs work after (or alongside) the response without delaying it. The invocation counts as finished
     * when all such work is done, at most 30 seconds after the response is sent; work still running then is
     * interrupted. A failing task is logged; it does not affect the others.
     *
     * @param task the work, run on its own virtual thread
     */
    void waitUntil(Runnable task);

    /** Like {@link #waitUntil(Runnable)}, for work already running as a future. */
    void waitUntil(CompletionStage<?> work);

    /**
     * If the fetch handler later throws, forward the request to the worker's configured origin instead of
     * answering 500. A body the handler already consumed cannot be forwarded.
     */
    void passThroughOnException();

    /**
     * Sends an outbound HTTP request (Fetch's global {@code fetch}). Counts against the subrequest limit
     * ({@code limits.subrequests}). The response body streams as it arrives.
     *
     * @throws LimitExceededException if the invocation has used up its subrequests
     * @throws java.io.UncheckedIOException if the connection fails
     */
    @Override
    Response fetch(Request request);

    /**
     * Like {@link #fetch(Request)}, failing if the response status and headers have not arrived within the
     * timeout (the body may then stream for as long as it takes).
     *
     * @throws java.io.UncheckedIOException with a {@link java.net.http.HttpTimeoutException} cause on timeout
     */
    Response fetch(Request request, java.time.Duration timeout);

    /** A GET of the URL (see {@link #fetch(Request)}). */
    default Response fetch(String url) {
        return fetch(Request.get(url));
    }

    /** @return this invocation's log output */
    Console console();
}

package dev.kiln.runtime;

/**
 * The client went away while its response was being written. Passed to {@link Exchange#finish(Throwable)}: the
 * invocation's outcome is {@code canceled} (as in Workers), and nothing is logged as a server error.
 */
public final class ClientDisconnectedException extends RuntimeException {

    public ClientDisconnectedException(Throwable cause) {
        super("the client disconnected before the response was complete", cause);
    }
}

package dev.kiln.api;

/**
 * A failure Kiln reports to a worker. Each carries the HTTP status Kiln answers with when a handler lets
 * it escape; the message says what happened and, for limits, both sides of the limit.
 */
public class KilnException extends RuntimeException {

    private final int status;

    /**
     * @param status the HTTP status for a response caused by this failure
     * @param message what went wrong
     */
    public KilnException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** Same as {@link #KilnException(int, String)}, with the underlying cause. */
    public KilnException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** @return the HTTP status this failure maps to */
    public int status() {
        return status;
    }
}

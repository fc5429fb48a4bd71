package dev.kiln.api;

/**
 * A runtime limit was exceeded: request body size (413), subrequests per invocation (500) or CPU time (503).
 * The message names the limit and shows both sides of it.
 */
public class LimitExceededException extends KilnException {

    /**
     * @param status the HTTP status for the response
     * @param message the limit, with the observed value and the maximum
     */
    public LimitExceededException(int status, String message) {
        super(status, message);
    }
}

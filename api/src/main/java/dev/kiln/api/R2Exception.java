package dev.kiln.api;

import java.util.Objects;

/**
 * An R2 call failed. {@link #error()} says which way; the message ends with Cloudflare's code in parentheses
 * when there is one, e.g. {@code "put: The Content-MD5 you specified did not match what was received. (10037)"}.
 */
public class R2Exception extends KilnException {

    private final R2Error error;

    /**
     * @param error the kind of failure (gives the status)
     * @param message what went wrong; the code is appended
     */
    public R2Exception(R2Error error, String message) {
        super(error.status(), withCode(error, message));
        this.error = error;
    }

    /** Same as {@link #R2Exception(R2Error, String)}, with the underlying cause. */
    public R2Exception(R2Error error, String message, Throwable cause) {
        super(error.status(), withCode(error, message), cause);
        this.error = error;
    }

    /** @return the kind of failure */
    public R2Error error() {
        return error;
    }

    private static String withCode(R2Error error, String message) {
        Objects.requireNonNull(message);
        return error.code() == 0 ? message : message + " (" + error.code() + ")";
    }
}

package dev.kiln.api;

/**
 * A Durable Object call failed: a bad id, a storage limit, a SQL error, an RPC method that threw (its class
 * and message are in this message), or an object that could not be created. Carries an HTTP status.
 */
public class DurableObjectException extends KilnException {

    /** @param status the HTTP status a response caused by this failure gets */
    public DurableObjectException(int status, String message) {
        super(status, message);
    }

    /** Same as {@link #DurableObjectException(int, String)}, with the underlying cause. */
    public DurableObjectException(int status, String message, Throwable cause) {
        super(status, message, cause);
    }
}

package dev.kiln.api;

/**
 * A statement given to {@link SqlStorage#exec(String, Object...)} failed: SQLite's message, or a Kiln rule
 * (transaction statements, reserved {@code _cf_} tables, a limit). Status 400. The event's writes roll back
 * when it escapes the handler; the object keeps working.
 */
public class SqlException extends DurableObjectException {

    public SqlException(String message) {
        super(400, message);
    }

    public SqlException(String message, Throwable cause) {
        super(400, message, cause);
    }
}

package dev.kiln.api;

/**
 * Log output of an invocation, shown by {@code kiln tail} with the invocation it belongs to and written to
 * Kiln's log. Arguments are joined with spaces, as {@code console.log} does. Thread-safe.
 */
public interface Console {

    /** Logs at level {@code log}. */
    void log(Object... parts);

    /** Logs at level {@code debug}. */
    void debug(Object... parts);

    /** Logs at level {@code info}. */
    void info(Object... parts);

    /** Logs at level {@code warn}. */
    void warn(Object... parts);

    /** Logs at level {@code error}; a {@link Throwable} part is logged with its stack trace. */
    void error(Object... parts);
}

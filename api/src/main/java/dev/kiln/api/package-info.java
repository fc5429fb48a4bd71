/**
 * The Kiln worker API: what a worker class is written against.
 *
 * <p>A worker implements {@link dev.kiln.api.Worker}. Kiln calls its {@code fetch} handler for each HTTP
 * request, {@code scheduled} for each cron trigger and {@code queue} for each queue batch, passing the
 * worker's {@link dev.kiln.api.Env} (its declared bindings) and an {@link dev.kiln.api.ExecutionContext}.
 *
 * <h2>Null policy</h2>
 * Unless otherwise stated, passing {@code null} to any method or constructor of a type in this package
 * throws {@link java.lang.NullPointerException}. Methods never return {@code null}: a value that may be
 * absent is returned as an {@link java.util.Optional}. No method takes an {@code Optional} parameter.
 *
 * <h2>Threading</h2>
 * Every handler invocation runs on its own virtual thread, so handlers may block (on outbound fetch,
 * bindings or plain I/O) without holding up other requests. A worker instance is shared by all concurrent
 * invocations of one worker version: its fields must be immutable or thread-safe. {@link dev.kiln.api.Request},
 * {@link dev.kiln.api.Response}, {@link dev.kiln.api.Headers} and {@link dev.kiln.api.Body} are immutable
 * values, except that a streamed body can be read only once; they may be passed between threads.
 * {@link dev.kiln.api.Env} and {@link dev.kiln.api.ExecutionContext} are thread-safe.
 * The events of one {@link dev.kiln.api.WebSocket} are delivered one at a time, each on a virtual thread;
 * those of a socket a Durable Object accepted are events of that object.
 *
 * <h2>Errors</h2>
 * Errors are unchecked. Kiln's own failures are {@link dev.kiln.api.KilnException}s, each carrying the
 * HTTP status Kiln answers with when a handler lets it escape. I/O failures while reading or writing a
 * body surface as {@link java.io.UncheckedIOException}.
 */
package dev.kiln.api;

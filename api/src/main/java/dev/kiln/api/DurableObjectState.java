package dev.kiln.api;

import java.util.concurrent.Callable;

/**
 * What a Durable Object is given in its constructor ({@code this.ctx} in Workers): its id and storage.
 *
 * <h2>Execution guarantees (bindings.md §2.4, as Kiln gives them)</h2>
 * <ol>
 * <li>Kiln delivers one event at a time per object (fetch, RPC call, alarm), and there is at most one live
 * instance per id in the process.</li>
 * <li>Input gate: an event runs to completion before the next is delivered, including while it waits on
 * storage, outbound fetch or another object. This is stricter than Cloudflare, where a non-storage await
 * lets other events in (rule 3): code written for Cloudflare stays correct. An object calling itself, or a
 * cycle of objects calling back into one another, is refused with a {@link DurableObjectException}
 * instead of deadlocking.</li>
 * <li>Atomicity: all storage writes of one event (KV and SQL) commit together or not at all. An event that
 * throws has its writes rolled back (stricter than Cloudflare, which keeps writes made before the throw),
 * and the instance is discarded so its fields cannot disagree with storage; the next event runs the
 * constructor again.</li>
 * <li>Output gate: the event's response or RPC result is released only after its writes are committed and
 * fsynced. Events that finish while a commit is in flight share the next commit and its fsync (group
 * commit). If a commit fails, every held response becomes an error and the object is reset.</li>
 * <li>{@code allowConcurrency} / {@code allowUnconfirmed} do not exist: every read is gated, every write
 * confirmed. {@link DurableObjectStorage#sync()} returns at once for the same reason.</li>
 * </ol>
 */
public interface DurableObjectState {

    /** @return the object's id */
    DurableObjectId id();

    /** @return the object's storage */
    DurableObjectStorage storage();

    /**
     * Runs {@code work} with no other event delivered until it returns. Since Kiln delivers one event at a time,
     * this runs it at once; use it in the constructor to load state. If it throws, or takes longer than 30 s,
     * the object is reset (the exception is rethrown; a timeout is a {@link DurableObjectException}).
     *
     * @return what {@code work} returned
     */
    <T> T blockConcurrencyWhile(Callable<T> work);

    /**
     * Accepted for compatibility: Kiln keeps an object alive while an event runs, and runs {@code task} after
     * the current event on the object's own thread, as a separate event.
     */
    void waitUntil(Runnable task);

    /** Resets the object: the current event fails with {@code reason} and the next one reconstructs it. */
    void abort(String reason);
}

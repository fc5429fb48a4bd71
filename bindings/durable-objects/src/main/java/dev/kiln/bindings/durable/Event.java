package dev.kiln.bindings.durable;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One event for an object's mailbox: work to run with the live object, and the future its caller waits on,
 * completed only after the event's writes are durable (the output gate).
 *
 * @param work what to run
 * @param name the name the caller's id came from, if any (recorded for people)
 * @param chain the objects whose events led to this call (to refuse cycles, which would deadlock)
 * @param result completed after the commit
 */
record Event<T>(Work<T> work, Optional<String> name, List<ObjectKey> chain, CompletableFuture<T> result) {

    /** Work run inside an event. */
    @FunctionalInterface
    interface Work<T> {
        T run(ObjectHost.Live live) throws Exception;
    }
}

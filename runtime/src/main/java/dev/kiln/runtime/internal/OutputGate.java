package dev.kiln.runtime.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The output gate for WebSocket messages (bindings.md §2.4 rule 5): inside a Durable Object event, sends and
 * closes are held, in order, until the event's writes are durable; then they go out, or are dropped if the
 * event failed (its writes were rolled back too). Outside such an event nothing is held. Per thread: an
 * object's events run on its own thread.
 */
public final class OutputGate {

    private static final ThreadLocal<List<Runnable>> HELD = new ThreadLocal<>();

    private OutputGate() {
    }

    /** Starts holding this thread's outgoing messages. */
    public static void open() {
        HELD.set(new ArrayList<>());
    }

    /** @return the messages held since {@link #open()}, in order, to run once writes are durable; stops holding */
    public static List<Runnable> close() {
        List<Runnable> held = HELD.get();
        HELD.remove();
        return held == null ? List.of() : held;
    }

    /** @return true if the message was held (an event is running on this thread); false to send it now */
    static boolean hold(Runnable message) {
        List<Runnable> held = HELD.get();
        if (held == null) {
            return false;
        }
        held.add(message);
        return true;
    }
}

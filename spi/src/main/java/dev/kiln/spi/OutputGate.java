package dev.kiln.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * The output gate for WebSocket messages (bindings.md §2.4 rule 5): inside a Durable Object event, sends and
 * closes are held, in order, until the event's writes are durable; then they go out, or are dropped if the
 * event failed (its writes were rolled back too), and the event's other in-memory effects are undone. Outside
 * such an event nothing is held. Per thread: an object's events run on its own thread.
 */
public final class OutputGate {

    private static final ThreadLocal<Held> HELD = new ThreadLocal<>();

    /** What one event held back: messages to send once it is durable, and undo actions if it fails. */
    public record Held(List<Runnable> messages, List<Runnable> undo) {

        /** @return nothing held */
        public static Held none() {
            return new Held(List.of(), List.of());
        }

        /** The event's writes are durable: send its messages, in order. */
        public void release() {
            messages.forEach(Runnable::run);
        }

        /** The event failed: drop its messages and undo what it did outside storage. */
        public void discard() {
            undo.forEach(Runnable::run);
        }
    }

    private OutputGate() {
    }

    /** Starts holding this thread's outgoing messages. */
    public static void open() {
        HELD.set(new Held(new ArrayList<>(), new ArrayList<>()));
    }

    /** @return what was held since {@link #open()}; stops holding */
    public static Held close() {
        Held held = HELD.get();
        HELD.remove();
        return held == null ? Held.none() : held;
    }

    /** @return whether a Durable Object event is running on this thread */
    public static boolean active() {
        return HELD.get() != null;
    }

    /** @return true if the message was held (an event is running on this thread); false to send it now */
    public static boolean hold(Runnable message) {
        Held held = HELD.get();
        if (held == null) {
            return false;
        }
        held.messages().add(message);
        return true;
    }

    /** Registers how to undo an in-memory effect of the running event if it fails; nothing outside an event. */
    public static void onFailure(Runnable undo) {
        Held held = HELD.get();
        if (held != null) {
            held.undo().add(undo);
        }
    }
}

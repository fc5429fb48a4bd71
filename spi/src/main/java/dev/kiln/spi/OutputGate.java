package dev.kiln.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * The output gate (bindings.md §2.4 rule 5): nothing a Durable Object event sends out may let the world see an
 * effect whose write a crash could still lose.
 *
 * <ul>
 *   <li>WebSocket sends and closes are held, in order, until the event's writes are durable; then they go out,
 *       or are dropped if the event failed (its writes were rolled back too), and the event's other in-memory
 *       effects are undone.</li>
 *   <li>Every other way out — a call to another object, a service binding, an outbound fetch, a KV, D1 or R2
 *       call — first makes the writes made so far durable ({@link #beforeOutput()}), and then leaves.</li>
 * </ul>
 *
 * Outside such an event nothing is held or flushed. Per thread: an object's events run on its own thread.
 */
public final class OutputGate {

    private static final ThreadLocal<Held> HELD = new ThreadLocal<>();
    private static final Runnable NOTHING = () -> { };

    /**
     * What one event held back: messages to send once it is durable, and undo actions if it fails.
     *
     * @param flush makes the event's writes so far durable (for a call that leaves while the event runs)
     */
    public record Held(List<Runnable> messages, List<Runnable> undo, Runnable flush) {

        /** @return nothing held */
        public static Held none() {
            return new Held(List.of(), List.of(), NOTHING);
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

    /**
     * Starts holding this thread's outgoing messages.
     *
     * @param flush makes the event's writes so far durable; run by {@link #beforeOutput()}
     */
    public static void open(Runnable flush) {
        HELD.set(new Held(new ArrayList<>(), new ArrayList<>(), flush));
    }

    /**
     * Called before anything leaves for the outside world (another object, a service, an origin, another store):
     * inside a Durable Object event, makes the event's writes so far durable first; elsewhere does nothing.
     */
    public static void beforeOutput() {
        Held held = HELD.get();
        if (held != null) {
            held.flush().run();
        }
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

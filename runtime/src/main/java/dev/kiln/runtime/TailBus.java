package dev.kiln.runtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans invocation events out to {@code kiln tail} sessions. Events are built only while someone listens;
 * a listener that falls behind loses events (counted in {@link Subscription#dropped()}) rather than
 * slowing requests down.
 */
public final class TailBus {

    private static final int BUFFER = 4096;
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /** @return whether anyone is listening (checked on the hot path before building an event) */
    public boolean active() {
        return !subscriptions.isEmpty();
    }

    /** Delivers the event to every listener without blocking. */
    public void publish(TailEvent event) {
        for (Subscription s : subscriptions) {
            if (!s.queue.offer(event)) {
                s.dropped.incrementAndGet();
            }
        }
    }

    /** @return a new listener; close it when done */
    public Subscription subscribe() {
        Subscription s = new Subscription();
        subscriptions.add(s);
        return s;
    }

    /** One listener's buffered events. */
    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<TailEvent> queue = new ArrayBlockingQueue<>(BUFFER);
        private final AtomicLong dropped = new AtomicLong();

        private Subscription() {
        }

        /** @return the next event, or null if none arrived within the timeout */
        public TailEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
            return queue.poll(timeout, unit);
        }

        /** @return how many events were dropped because this listener fell behind */
        public long dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}

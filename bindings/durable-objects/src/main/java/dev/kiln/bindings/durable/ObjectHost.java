package dev.kiln.bindings.durable;

import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectException;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.Env;
import dev.kiln.spi.WorkerHandle;
import dev.kiln.spi.KilnThreads;
import dev.kiln.spi.OutputGate;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one live instance of a Durable Object in this process: its mailbox, storage and (when constructed) the
 * user's object.
 *
 * <p>A virtual thread drains the mailbox while it has events: each event runs in its own savepoint, one after
 * another, and the events drained together are committed with one COMMIT and one fsync (group commit). Their
 * callers are answered only after that commit (output gate); an event that threw is rolled back alone and the
 * instance discarded. The fsync runs on a platform thread, so it never holds a virtual-thread carrier.
 *
 * <p>{@link #submit(Event)} is the one entry point: fetch, RPC calls, alarms and anything else (WebSocket
 * messages) are all {@link Event.Work} run with the same gate and commit semantics.
 */
final class ObjectHost {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectHost.class);

    private final ObjectKey key;
    private final DurableObjects registry;
    private final CompletableFuture<Void> predecessor;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Event<?>> mailbox = new ArrayDeque<>();
    private boolean draining;
    private boolean retired;

    // Confined to the draining thread.
    private volatile Thread thread;
    private ObjectDatabase db;
    private DurableObject instance;
    private WorkerHandle instanceDeployment;
    private ObjectIdImpl id;
    private boolean nameRecorded;
    private boolean inEvent;
    private boolean eventBegun;
    private Optional<String> eventName = Optional.empty();
    private boolean dirty;
    private boolean eventAlarmChanged;
    private boolean batchAlarmChanged;
    private boolean batchBroken;
    private boolean resetAfterEvent;
    private DurableObjectException batchFailure;

    /** The host whose event runs on the current thread (for the output gate of outgoing calls). */

    /** @param predecessor completes when the previous instance of this id has closed */
    ObjectHost(ObjectKey key, DurableObjects registry, CompletableFuture<Void> predecessor) {
        this.key = key;
        this.registry = registry;
        this.predecessor = predecessor;
    }

    ObjectKey key() {
        return key;
    }

    /** @return completes once this instance has stopped and closed its storage */
    CompletableFuture<Void> closed() {
        return closed;
    }

    /**
     * Queues an event.
     *
     * @return false if this instance is retired (the caller asks the registry for the new one)
     */
    boolean submit(Event<?> event) {
        lock.lock();
        try {
            if (retired) {
                return false;
            }
            mailbox.add(event);
            if (!draining) {
                draining = true;
                KilnThreads.start("kiln-do-" + key.className() + "-" + key.id().substring(0, 8), this::drain);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking events; closes once the queued ones are done. */
    void retire() {
        boolean idle;
        lock.lock();
        try {
            retired = true;
            idle = !draining;
        } finally {
            lock.unlock();
        }
        if (idle) {
            KilnThreads.start("kiln-do-close", this::finish);
        }
    }

    private void drain() {
        thread = Thread.currentThread();
        predecessor.join();
        while (true) {
            List<Outcome<?>> outcomes = new ArrayList<>();
            while (outcomes.size() < registry.settings().maxBatch()) {
                Event<?> event;
                lock.lock();
                try {
                    event = mailbox.poll();
                } finally {
                    lock.unlock();
                }
                if (event == null) {
                    break;
                }
                outcomes.add(run(event));
            }
            commit(outcomes);
            boolean finish;
            lock.lock();
            try {
                if (!mailbox.isEmpty()) {
                    continue;
                }
                draining = false;
                finish = retired;
            } finally {
                lock.unlock();
            }
            if (finish) {
                finish();
            }
            return;
        }
    }

    private <T> Outcome<T> run(Event<T> event) {
        List<ObjectKey> previous = DurableObjects.CHAIN.get();
        DurableObjects.CHAIN.set(append(event.chain(), key));
        eventAlarmChanged = false;
        resetAfterEvent = false;
        eventBegun = false;
        inEvent = true;
        eventName = event.name();
        if (id == null || (id.name().isEmpty() && eventName.isPresent())) {
            id = ObjectIdImpl.trusted(key.id(), eventName);
        }
        T value = null;
        Throwable failure = null;
        OutputGate.Held held;
        OutputGate.open(this::flushBeforeOutput); // sends wait for the event's commit; other outputs flush first
        try {
            value = event.work().run(new Live());
        } catch (Throwable t) {
            failure = t instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t;
        } finally {
            held = OutputGate.close();
            inEvent = false;
            DurableObjects.CHAIN.set(previous);
        }
        if (eventBegun && db != null) {
            try {
                if (failure == null) {
                    db.release();
                    batchAlarmChanged |= eventAlarmChanged;
                } else {
                    db.rollback();
                }
            } catch (RuntimeException e) {
                batchBroken = true;
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null || resetAfterEvent) {
            resetInstance();
        }
        if (failure instanceof VirtualMachineError error) {
            LOG.error("Durable Object {} hit a fatal error", key, error);
        }
        return new Outcome<>(event, value, failure, held);
    }

    private void commit(List<Outcome<?>> outcomes) {
        DurableObjectException failure = batchFailure;
        batchFailure = null;
        if (failure == null && db != null) {
            try {
                commitNow();
            } catch (StorageFailureException e) {
                failure = e;
            }
        }
        if (failure != null) {
            if (db != null) {
                db.abandon(); // writes made after a failed flush are not committed either
            }
            DurableObjectException held = failure;
            outcomes.replaceAll(o -> o.failure() == null ? new Outcome<>(o.event(), null, held, o.held()) : o);
        }
        for (Outcome<?> o : outcomes) {
            o.release();
        }
    }

    /**
     * Commits every released unit, with the alarm index kept in step.
     *
     * @throws StorageFailureException if it failed; the storage is then closed and the instance reset
     */
    private void commitNow() {
        try {
            if (batchBroken) {
                throw new DurableObjectException(500, "a rollback failed, so the whole batch is undone");
            }
            OptionalLong alarm = batchAlarmChanged ? db.alarm() : OptionalLong.empty();
            if (batchAlarmChanged && alarm.isPresent()) {
                // Recorded before the commit: a crash in between leaves a stale index entry (checked when it
                // fires), never a lost alarm.
                registry.storage().indexAlarm(key.namespace(), key.id(), alarm);
            }
            if (dirty) {
                registry.commitOffCarrier(db);
            } else {
                db.commit();
            }
            if (batchAlarmChanged) {
                if (alarm.isEmpty()) {
                    registry.storage().indexAlarm(key.namespace(), key.id(), alarm);
                }
                registry.alarms().schedule(key, alarm);
            }
        } catch (RuntimeException e) {
            LOG.error("Durable Object {}: commit failed; the object is reset", key, e);
            closeStorage();
            resetInstance();
            throw new StorageFailureException("Durable Object storage commit failed, the object was reset: " + e.getMessage(), e);
        } finally {
            dirty = false;
            batchAlarmChanged = false;
            batchBroken = false;
        }
    }

    /**
     * The output gate for what an event sends out (bindings.md §2.4 rule 5): before a call leaves for another
     * object, a service, an origin or another store ({@link OutputGate#beforeOutput()}), the writes made so far (this event's, and those of earlier events awaiting the same commit) are
     * committed and fsynced. They stay committed if the event fails later; writes after the call roll back.
     *
     * @throws StorageFailureException if that commit failed (the whole batch then fails)
     */
    void flushBeforeOutput() {
        if (Thread.currentThread() != thread || !inEvent || !dirty || db == null) {
            return;
        }
        if (eventBegun) {
            db.release();
            eventBegun = false;
            batchAlarmChanged |= eventAlarmChanged;
            eventAlarmChanged = false;
        }
        try {
            commitNow();
        } catch (StorageFailureException e) {
            batchFailure = e;
            throw e;
        }
    }


    /**
     * @return the object's database, opened on first use (an object that never touches storage has no file) with
     *     the running event's savepoint begun
     */
    ObjectDatabase database() {
        if (db == null) {
            db = registry.openOffCarrier(key);
        }
        if (!eventBegun) {
            db.begin();
            eventBegun = true;
            if (!nameRecorded && eventName.isPresent()) {
                if (db.meta("name").isEmpty()) {
                    db.setMeta("name", eventName.get());
                    dirty = true;
                }
                nameRecorded = true;
            }
        }
        return db;
    }

    private DurableObject instance() throws Exception {
        WorkerHandle deployment = registry.deployment(key.script());
        if (instance != null && instanceDeployment == deployment) {
            return instance;
        }
        instance = null;
        Constructor<? extends DurableObject> constructor = registry.constructor(deployment, key.className());
        DurableObjectState state = new ObjectStateImpl(this, id, new StorageImpl(this, registry.classRecord(key)
                .orElseThrow(() -> new ObjectUnavailableException("worker '" + key.script() + "' no longer defines Durable Object class '"
                        + key.className() + "'")).sqlite(), deployment.config()));
        Env env = deployment.environment();
        try {
            instance = constructor.newInstance(state, env);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        instanceDeployment = deployment;
        return instance;
    }

    private void resetInstance() {
        instance = null;
        instanceDeployment = null;
    }

    private void closeStorage() {
        if (db != null) {
            try {
                registry.closeOffCarrier(db);
            } catch (RuntimeException e) {
                LOG.warn("Durable Object {}: closing its storage failed", key, e);
            }
            db = null;
        }
    }

    private void finish() {
        closeStorage();
        resetInstance();
        predecessor.whenComplete((v, e) -> closed.complete(null));
    }

    /** @throws IllegalStateException unless called from this object's event */
    void checkEventThread(String what) {
        if (Thread.currentThread() != thread || !inEvent) {
            throw new IllegalStateException(what + " may only be called from the Durable Object's own events (its thread), not from "
                    + Thread.currentThread());
        }
    }

    void markDirty() {
        dirty = true;
    }

    void markAlarmChanged() {
        dirty = true;
        eventAlarmChanged = true;
    }

    void resetAfterEvent() {
        resetAfterEvent = true;
    }

    /** Queues {@code task} as a separate event nobody waits for; its failure is logged. */
    void later(Runnable task) {
        Event<Object> event = new Event<>(live -> {
            task.run();
            return null;
        }, Optional.empty(), List.of(), new CompletableFuture<>());
        event.result().whenComplete((v, e) -> {
            if (e != null) {
                LOG.error("Durable Object {}: waitUntil task failed", key, e);
            }
        });
        if (!submit(event)) {
            LOG.warn("Durable Object {}: waitUntil task dropped, the object was evicted", key);
        }
    }

    DurableObjects registry() {
        return registry;
    }

    private static List<ObjectKey> append(List<ObjectKey> chain, ObjectKey key) {
        List<ObjectKey> next = new ArrayList<>(chain.size() + 1);
        next.addAll(chain);
        next.add(key);
        return next;
    }

    /** What an event's work sees: the object (constructed on first use) and its storage. */
    final class Live {
        /** @return the user's object, constructed if needed (the constructor runs inside this event) */
        DurableObject instance() throws Exception {
            return ObjectHost.this.instance();
        }

        ObjectDatabase database() {
            return ObjectHost.this.database();
        }

        ObjectHost host() {
            return ObjectHost.this;
        }
    }

    /** An event's result and the WebSocket messages it sent, released together after the commit. */
    private record Outcome<T>(Event<T> event, T value, Throwable failure, OutputGate.Held held) {
        void release() {
            if (failure == null) {
                held.release();
                event.result().complete(value);
            } else {
                held.discard();
                event.result().completeExceptionally(failure);
            }
        }
    }
}

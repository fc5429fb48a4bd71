package dev.kiln.bindings.durable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectException;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.Env;
import dev.kiln.config.Binding;
import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.BindingHost;
import dev.kiln.spi.WorkerHandle;
import dev.kiln.spi.Workers;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every Durable Object of this process: the live instances (at most one per id, bounded in number, evicted when
 * idle), the threads that commit their writes, their alarms and the migrations of the classes. One per process,
 * shared by every worker and version. Thread-safe.
 */
public final class DurableObjects implements BindingHost {

    /** The objects whose events led to the current call, innermost last (to refuse cycles). */
    static final ThreadLocal<List<ObjectKey>> CHAIN = ThreadLocal.withInitial(List::of);
    private static final CompletableFuture<Void> NONE = CompletableFuture.completedFuture(null);

    private final DurableObjectStores storage;
    private final Settings settings;
    private final Migrations migrations;
    private final Cache<ObjectKey, ObjectHost> hosts;
    private final ConcurrentHashMap<ObjectKey, CompletableFuture<Void>> closing = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ObjectKey, ObjectSockets> sockets = new ConcurrentHashMap<>();
    private final ExecutorService committers;
    private final Alarms alarms;
    private final AtomicBoolean rearmed = new AtomicBoolean();
    private final Workers workers;
    private volatile boolean closed;

    public DurableObjects(DurableObjectStores storage, Workers workers) {
        this.storage = storage;
        this.workers = workers;
        this.settings = Settings.fromSystemProperties();
        this.migrations = new Migrations(storage);
        this.committers = Executors.newFixedThreadPool(settings.committers(),
                Thread.ofPlatform().name("kiln-do-commit-", 0).daemon(true).factory());
        this.alarms = new Alarms(this, new RetrySchedule(settings.alarmRetryBase()));
        this.hosts = Caffeine.newBuilder()
                .maximumSize(settings.maxLive())
                .expireAfterAccess(settings.idleTimeout())
                .scheduler(Scheduler.systemScheduler())
                .evictionListener((ObjectKey key, ObjectHost host, RemovalCause cause) -> {
                    if (key != null && host != null) {
                        retire(key, host);
                    }
                })
                .build();
    }

    /**
     * Applies the worker's migrations and makes its Durable Object bindings; called while each worker version
     * loads. The first call also re-arms the alarms recorded in storage.
     *
     * @return binding name to {@link dev.kiln.api.DurableObjectNamespace}
     * @throws dev.kiln.spi.WorkerLoadException if the migrations or bindings are inconsistent
     */
    @Override
    public java.util.Map<String, Object> bind(WorkerConfig config, List<Binding> bindings) {
        if (config.migrations().isEmpty() && bindings.isEmpty()) {
            return java.util.Map.of();
        }
        migrations.apply(config);
        if (rearmed.compareAndSet(false, true)) {
            alarms.rearm(storage.indexedAlarms());
        }
        java.util.Map<String, Object> live = new java.util.LinkedHashMap<>();
        for (DurableObjectBinding b : config.bindings(DurableObjectBinding.class)) {
            live.put(b.name(), new NamespaceBinding(this, b.scriptName().orElse(config.name()), b.className(), Optional.empty()));
        }
        return live;
    }

    /**
     * Runs work as an event of the object and returns its result once the event's writes are durable.
     *
     * @throws DurableObjectException if the call would deadlock (a cycle), or the work's own exception
     */
    <T> T call(ObjectKey key, Optional<String> name, Event.Work<T> work) {
        return await(submit(key, name, work));
    }

    /** Work run inside an object's event, with the live object (constructed first if needed). */
    @FunctionalInterface
    public interface ObjectWork<T> {
        T run(DurableObject object) throws Exception;
    }

    /**
     * Delivers an event from another source (a WebSocket message, say) to an object: {@code work} runs in the
     * object's mailbox with the same gates as fetch and RPC (one event at a time, its writes atomic, the result
     * released only after they are durable).
     *
     * @param script the worker defining the class
     * @param className the class name as configured
     * @param id the object id (64 hex digits)
     * @return completes with {@code work}'s result after the commit, or with its exception (the object is then reset)
     */
    public <T> CompletableFuture<T> deliver(String script, String className, String id, ObjectWork<T> work) {
        return submit(new ObjectKey(script, className, id), Optional.empty(), live -> work.run(live.instance()));
    }

    /** Queues work as an event of the object. */
    <T> CompletableFuture<T> submit(ObjectKey key, Optional<String> name, Event.Work<T> work) {
        List<ObjectKey> chain = CHAIN.get();
        if (chain.contains(key)) {
            throw new DurableObjectException(500, "Durable Object call cycle " + chain.stream().map(k -> k.className() + "(" + k.id().substring(0, 8) + ")")
                    .reduce((a, b) -> a + " -> " + b).orElse("") + " -> " + key.className() + "(" + key.id().substring(0, 8) + ")"
                    + " would deadlock: Kiln delivers one event at a time to an object, and that object is waiting for this call");
        }
        Event<T> event = new Event<>(work, name, chain, new CompletableFuture<>());
        while (!hosts.get(key, k -> new ObjectHost(k, this, closing.getOrDefault(k, NONE))).submit(event)) {
            Thread.onSpinWait(); // the host was just retired; the next lookup makes a new one
        }
        return event.result();
    }

    static <T> T await(CompletableFuture<T> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new EventFailure(cause);
        }
    }

    /** A checked exception thrown by an object's method, carried to the caller unchanged. */
    static final class EventFailure extends RuntimeException {
        EventFailure(Throwable cause) {
            super(cause);
        }
    }

    private void retire(ObjectKey key, ObjectHost host) {
        closing.put(key, host.closed());
        host.closed().whenComplete((v, e) -> closing.remove(key, host.closed()));
        host.retire();
    }

    /** Commits on a platform thread: an fsync must not hold a virtual-thread carrier. */
    void commitOffCarrier(ObjectDatabase db) {
        await(CompletableFuture.runAsync(db::commit, committers));
    }

    /** Opens an object's database on a platform thread: creating one fsyncs, which must not hold a carrier either. */
    ObjectDatabase openOffCarrier(ObjectKey key) {
        return await(CompletableFuture.supplyAsync(() -> storage.open(key.namespace(), key.id()), committers));
    }

    /** Closes an object's database on a platform thread (the last close checkpoints the WAL, with an fsync). */
    void closeOffCarrier(ObjectDatabase db) {
        if (committers.isShutdown()) {
            db.close();
        } else {
            await(CompletableFuture.runAsync(db::close, committers));
        }
    }

    /** @return the running deployment of a worker */
    WorkerHandle deployment(String script) {
        WorkerHandle d = workers.find(script).orElse(null);
        if (d == null) {
            throw new ObjectUnavailableException("worker '" + script + "', which defines this Durable Object class, is not running in this Kiln process");
        }
        if (d.failure().isPresent()) {
            throw new ObjectUnavailableException("worker '" + script + "', which defines this Durable Object class, failed to load: "
                    + d.failure().get().getMessage());
        }
        return d;
    }

    /** @return the class's {@code (DurableObjectState, Env)} constructor in that worker version */
    Constructor<? extends DurableObject> constructor(WorkerHandle deployment, String className) {
        Class<?> type = javaClass(deployment, className);
        if (!DurableObject.class.isAssignableFrom(type)) {
            throw new ObjectUnavailableException("Durable Object class " + type.getName() + " does not implement " + DurableObject.class.getName());
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new ObjectUnavailableException("Durable Object class " + type.getName() + " must be public and not abstract");
        }
        try {
            return type.asSubclass(DurableObject.class).getConstructor(DurableObjectState.class, Env.class);
        } catch (NoSuchMethodException e) {
            throw new ObjectUnavailableException("Durable Object class " + type.getName()
                    + " needs a public constructor (DurableObjectState state, Env env)");
        }
    }

    /** @return the Java class of the object's class in the running version */
    Class<?> currentClass(ObjectKey key) {
        return javaClass(deployment(key.script()), key.className());
    }

    /**
     * A class name without a package is looked up in the package of the worker's {@code main} class, so
     * {@code class_name = "Counter"} works as it does in wrangler configurations.
     */
    private static Class<?> javaClass(WorkerHandle deployment, String className) {
        String main = deployment.config().main();
        String qualified = className.contains(".") || main.lastIndexOf('.') < 0 ? className
                : main.substring(0, main.lastIndexOf('.') + 1) + className;
        ClassLoader loader = deployment.classLoader().orElseThrow(() -> new ObjectUnavailableException("worker '" + deployment.config().name() + "' is not loaded"));
        try {
            return Class.forName(qualified, true, loader);
        } catch (ClassNotFoundException e) {
            throw new ObjectUnavailableException("Durable Object class " + qualified + " (class_name \"" + className + "\") was not found in worker '"
                    + deployment.config().name() + "'");
        } catch (LinkageError | RuntimeException e) {
            throw new ObjectUnavailableException("Durable Object class " + qualified + " failed to initialize: " + e, e);
        }
    }

    Optional<MigrationRecord.ClassRecord> classRecord(ObjectKey key) {
        return migrations.classRecord(key.script(), key.className());
    }

    Optional<MigrationRecord.ClassRecord> classRecord(String script, String className) {
        return migrations.classRecord(script, className);
    }

    String describeClasses(String script) {
        return migrations.describe(script);
    }

    DurableObjectStores storage() {
        return storage;
    }

    Settings settings() {
        return settings;
    }

    Alarms alarms() {
        return alarms;
    }

    /** @return the object's hibernatable WebSockets, which outlive its instance (bindings.md §2.8) */
    ObjectSockets sockets(ObjectKey key) {
        return sockets.computeIfAbsent(key, k -> new ObjectSockets());
    }

    /** @return the object's hibernatable WebSockets, or an empty set (not kept) if it never accepted one */
    ObjectSockets socketsIfAny(ObjectKey key) {
        ObjectSockets existing = sockets.get(key);
        return existing != null ? existing : new ObjectSockets();
    }

    /** @return true once {@link #close()} has begun: objects take no new events from sockets */
    boolean isClosed() {
        return closed;
    }

    /** @return how many objects are live in memory (for tests and metrics) */
    public long liveObjects() {
        hosts.cleanUp();
        return hosts.estimatedSize();
    }

    /** Stops alarms and closes every live object once its queued events are done. */
    @Override
    public void close() {
        closed = true;
        alarms.close();
        var live = java.util.Map.copyOf(hosts.asMap());
        hosts.invalidateAll();
        live.forEach(this::retire);
        for (CompletableFuture<Void> f : List.copyOf(closing.values())) {
            try {
                f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down: an object that does not finish in time is abandoned (its commits are durable)
            }
        }
        committers.shutdown();
    }
}

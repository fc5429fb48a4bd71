package dev.kiln.bindings.durable;

import dev.kiln.api.AlarmInvocationInfo;
import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.Env;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.config.ConfigLoader;
import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.WorkerHandle;
import dev.kiln.spi.WorkerLoadException;
import dev.kiln.spi.Workers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Drives Durable Object storage without a server or socket: the production {@link DurableObjects} registry over a
 * backend's {@link DurableObjectStores}, with two workers whose classes are the {@link Probe}s below (loaded from
 * this class loader). Each {@link #call} runs as a real event of the object, through its mailbox, so storage is
 * reached exactly as fetch and RPC reach it: the event's savepoint, its commit and fsync, the alarm index, the
 * migrations record.
 *
 * <p>Workers: {@value #SCRIPT} (compatibility date 2026-11-01, so {@code deleteAll} deletes the alarm) and
 * {@value #LEGACY_SCRIPT} (2026-01-01, before {@code delete_all_deletes_alarm}), each with a SQLite-backed and a
 * KV-backed class.
 */
final class ObjectRig implements AutoCloseable {

    static final String SCRIPT = "kit";
    static final String LEGACY_SCRIPT = "kit-legacy";
    static final String SQLITE_CLASS = "ObjectRig$SqliteProbe";
    static final String KV_CLASS = "ObjectRig$KvProbe";
    /** The key a probe's alarm handler writes the alarm's scheduled time to. */
    static final String ALARM_FIRED = "alarm-fired";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DurableObjects registry;

    /** @param configDir where the workers' wrangler.toml files are written (the same files on every restart) */
    ObjectRig(DurableObjectStores stores, Path configDir) {
        WorkerConfig kit = load(configDir, SCRIPT, "2026-11-01");
        WorkerConfig legacy = load(configDir, LEGACY_SCRIPT, "2026-01-01");
        Map<String, WorkerHandle> workers = Map.of(SCRIPT, new LoadedWorker(kit), LEGACY_SCRIPT, new LoadedWorker(legacy));
        registry = new DurableObjects(stores, new Workers() {
            @Override
            public Optional<WorkerHandle> find(String name) {
                return Optional.ofNullable(workers.get(name));
            }

            @Override
            public Response fetch(String worker, Request request) {
                throw new IllegalStateException("the storage kit calls no worker's fetch");
            }
        });
        registry.bind(kit, kit.bindings());
        registry.bind(legacy, legacy.bindings());
    }

    private static WorkerConfig load(Path configDir, String script, String compatibilityDate) {
        Path file = configDir.resolve(script).resolve("wrangler.toml");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, """
                    name = "%s"
                    main = "%s"
                    compatibility_date = "%s"
                    [[migrations]]
                    tag = "v1"
                    new_sqlite_classes = ["%s"]
                    new_classes = ["%s"]
                    """.formatted(script, ObjectRig.class.getName(), compatibilityDate, SQLITE_CLASS, KV_CLASS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ConfigLoader.load(file, Optional.empty(), Map.of(), List.of(new DurableObjectKind()));
    }

    /** @return a new object (a fresh id) of a class of the {@value #SCRIPT} worker */
    static Ref newObject(String className) {
        return newObject(SCRIPT, className);
    }

    /** @return a new object (a fresh id) of a worker's class */
    static Ref newObject(String script, String className) {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return new Ref(new ObjectKey(script, className, HexFormat.of().formatHex(id)));
    }

    /**
     * Runs {@code body} as one event of the object with its storage, and returns once the event's writes are
     * durable; an exception thrown by {@code body} rolls the event back and is rethrown.
     */
    <T> T call(Ref object, Function<DurableObjectStorage, T> body) {
        return registry.call(object.key(), Optional.empty(), live -> body.apply(((Probe) live.instance()).storage));
    }

    /** Like {@link #call}, for a body that returns nothing. */
    void run(Ref object, Consumer<DurableObjectStorage> body) {
        call(object, storage -> {
            body.accept(storage);
            return null;
        });
    }

    /** Stops the registry: every live object finishes its events and closes its storage. */
    @Override
    public void close() {
        registry.close();
    }

    /** One object: its namespace ({@code <script>.<class>}) and id. */
    record Ref(ObjectKey key) {
        String namespace() {
            return key.namespace();
        }

        String id() {
            return key.id();
        }
    }

    private record LoadedWorker(WorkerConfig config) implements WorkerHandle {
        @Override
        public Optional<WorkerLoadException> failure() {
            return Optional.empty();
        }

        @Override
        public Optional<ClassLoader> classLoader() {
            return Optional.of(ObjectRig.class.getClassLoader());
        }

        @Override
        public Env environment() {
            return null; // the probes take no bindings
        }
    }

    /** An object that hands its storage to the event's body; its alarm handler records the alarm's time. */
    abstract static class Probe implements DurableObject {
        final DurableObjectStorage storage;

        Probe(DurableObjectState state) {
            this.storage = state.storage();
        }

        @Override
        public void alarm(AlarmInvocationInfo info) {
            storage.put(ALARM_FIRED, info.scheduledTime().toEpochMilli());
        }
    }

    /** A {@code new_sqlite_classes} class. */
    public static final class SqliteProbe extends Probe {
        public SqliteProbe(DurableObjectState state, Env env) {
            super(state);
        }
    }

    /** A {@code new_classes} (KV-backed) class. */
    public static final class KvProbe extends Probe {
        public KvProbe(DurableObjectState state, Env env) {
            super(state);
        }
    }
}

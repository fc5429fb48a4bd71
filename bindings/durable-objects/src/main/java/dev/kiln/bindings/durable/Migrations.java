package dev.kiln.bindings.durable;

import dev.kiln.config.Binding;
import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.WorkerLoadException;
import dev.kiln.spi.JacksonJsonCodec;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Applies a worker's {@code [[migrations]]} (bindings.md §2.9) once per tag and checks them: new tags must
 * follow the applied ones, a class never changes backend, a renamed or transferred class must exist and its
 * target must not, a deleted class must no longer be bound, and every class the worker binds must have been
 * created. Renames, transfers and deletions move or remove the class's object files. Thread-safe.
 */
final class Migrations {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DurableObjectStores storage;
    private final Map<String, MigrationRecord> records = new ConcurrentHashMap<>();

    Migrations(DurableObjectStores storage) {
        this.storage = storage;
    }

    /** @return the applied record of a worker (empty if it never applied a migration) */
    MigrationRecord record(String script) {
        return records.computeIfAbsent(script, s -> storage.migrations(s)
                .map(json -> JacksonJsonCodec.mapper().readValue(json, MigrationRecord.class))
                .orElseGet(MigrationRecord::empty));
    }

    /** @return the class record, if the worker defines the class */
    Optional<MigrationRecord.ClassRecord> classRecord(String script, String className) {
        return Optional.ofNullable(record(script).classes().get(className));
    }

    /**
     * Applies the configuration's new migration tags and validates its Durable Object bindings.
     *
     * @throws WorkerLoadException with the fix, if the migrations or bindings are inconsistent
     */
    synchronized void apply(WorkerConfig config) {
        String script = config.name();
        MigrationRecord applied = record(script);
        List<WorkerConfig.Migration> migrations = config.migrations();
        List<String> configured = migrations.stream().map(WorkerConfig.Migration::tag).toList();
        if (configured.stream().distinct().count() != configured.size()) {
            throw fail(config, "[[migrations]] tags must be unique, got " + configured);
        }
        for (int i = 0; i < applied.tags().size(); i++) {
            if (i >= configured.size() || !configured.get(i).equals(applied.tags().get(i))) {
                throw fail(config, "migration tag \"" + applied.tags().get(i) + "\" was already applied (applied, in order: "
                        + applied.tags() + ") but the configuration lists " + configured
                        + "; keep applied migrations in place and add new ones after them");
            }
        }
        MigrationRecord next = applied.copy();
        for (WorkerConfig.Migration m : migrations.subList(applied.tags().size(), migrations.size())) {
            step(config, m, next);
            next.tags().add(m.tag());
        }
        if (!next.equals(applied)) {
            storage.saveMigrations(script, JacksonJsonCodec.mapper().writeValueAsString(next));
            records.put(script, next);
        }
        for (DurableObjectBinding b : config.bindings(DurableObjectBinding.class)) {
            boolean local = b.scriptName().isEmpty() || b.scriptName().get().equals(script);
            if (local && !next.classes().containsKey(b.className())) {
                throw fail(config, "Durable Object class \"" + b.className() + "\" (binding \"" + b.name() + "\") has no migration."
                        + " Add one to " + config.file().getFileName() + ":\n  [[migrations]]\n  tag = \"v" + (configured.size() + 1)
                        + "\"\n  new_sqlite_classes = [\"" + b.className() + "\"]");
            }
        }
    }

    private void step(WorkerConfig config, WorkerConfig.Migration m, MigrationRecord next) {
        String script = config.name();
        Map<String, MigrationRecord.ClassRecord> classes = next.classes();
        for (String c : m.newClasses()) {
            create(config, m, classes, c, false);
        }
        for (String c : m.newSqliteClasses()) {
            create(config, m, classes, c, true);
        }
        for (WorkerConfig.Migration.RenamedClass r : m.renamedClasses()) {
            MigrationRecord.ClassRecord from = classes.get(r.from());
            if (from == null) {
                throw fail(config, "migration \"" + m.tag() + "\" renames \"" + r.from() + "\", which does not exist; classes: " + classes.keySet());
            }
            if (classes.containsKey(r.to())) {
                throw fail(config, "migration \"" + m.tag() + "\" renames \"" + r.from() + "\" to \"" + r.to() + "\", which already exists");
            }
            move(script + "." + r.from(), script + "." + r.to());
            classes.remove(r.from());
            classes.put(r.to(), from);
        }
        for (String c : m.deletedClasses()) {
            if (!classes.containsKey(c)) {
                throw fail(config, "migration \"" + m.tag() + "\" deletes \"" + c + "\", which does not exist; classes: " + classes.keySet());
            }
            List<String> bound = config.bindings(DurableObjectBinding.class).stream()
                    .filter(b -> b.className().equals(c) && (b.scriptName().isEmpty() || b.scriptName().get().equals(script)))
                    .map(DurableObjectBinding::name).toList();
            if (!bound.isEmpty()) {
                throw fail(config, "migration \"" + m.tag() + "\" deletes \"" + c + "\" but binding(s) " + bound
                        + " still use it; remove the binding first");
            }
            storage.delete(script + "." + c);
            classes.remove(c);
        }
        for (WorkerConfig.Migration.TransferredClass t : m.transferredClasses()) {
            MigrationRecord other = record(t.fromScript()).copy();
            MigrationRecord.ClassRecord from = other.classes().get(t.from());
            if (from == null) {
                throw fail(config, "migration \"" + m.tag() + "\" transfers \"" + t.from() + "\" from worker \"" + t.fromScript()
                        + "\", which does not define it; its classes: " + other.classes().keySet());
            }
            if (classes.containsKey(t.to())) {
                throw fail(config, "migration \"" + m.tag() + "\" transfers a class to \"" + t.to() + "\", which already exists");
            }
            move(t.fromScript() + "." + t.from(), script + "." + t.to());
            other.classes().remove(t.from());
            storage.saveMigrations(t.fromScript(), JacksonJsonCodec.mapper().writeValueAsString(other));
            records.put(t.fromScript(), other);
            classes.put(t.to(), from);
        }
    }

    private static void create(WorkerConfig config, WorkerConfig.Migration m, Map<String, MigrationRecord.ClassRecord> classes,
                               String c, boolean sqlite) {
        MigrationRecord.ClassRecord existing = classes.get(c);
        if (existing != null) {
            throw fail(config, "migration \"" + m.tag() + "\" creates \"" + c + "\", which already exists as a "
                    + (existing.sqlite() ? "SQLite" : "KV") + "-backed class; a class never changes backend");
        }
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        classes.put(c, new MigrationRecord.ClassRecord(HexFormat.of().formatHex(secret), sqlite));
    }

    /** Moves object files; tolerant of a move a crash interrupted after the files moved but before the record. */
    private void move(String from, String to) {
        List<String> namespaces = storage.namespaces();
        if (namespaces.contains(from)) {
            storage.rename(from, to);
        }
    }

    private static WorkerLoadException fail(WorkerConfig config, String message) {
        return new WorkerLoadException(config.file() + ": " + message);
    }

    /** @return the live classes of a worker, for people */
    String describe(String script) {
        return record(script).classes().entrySet().stream()
                .map(e -> e.getKey() + (e.getValue().sqlite() ? " (sqlite)" : " (kv)")).collect(Collectors.joining(", "));
    }
}

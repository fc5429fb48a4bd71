package dev.kiln.storage.sqlite;

import dev.kiln.storage.KvStore;
import dev.kiln.storage.ObjectDatabase;
import dev.kiln.storage.StorageBackend;
import dev.kiln.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded default backend: SQLite files under one state directory, with stable, readable names:
 * {@code kv/<namespace-id>.sqlite}. Safe to open from several processes at once (SQLite's WAL locking).
 */
public final class EmbeddedStorage implements StorageBackend {

    /** Resource ids become file names, so they are kept to a portable set. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path stateDir;
    private final Map<String, SqliteKvStore> kv = new ConcurrentHashMap<>();
    private final ObjectFiles objects;

    public EmbeddedStorage(Path stateDir) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.objects = new ObjectFiles(this.stateDir.resolve("do"));
    }

    /** @return the file a KV namespace lives in */
    public Path kvFile(String namespaceId) {
        return stateDir.resolve("kv").resolve(validId(namespaceId) + ".sqlite");
    }

    @Override
    public KvStore kv(String namespaceId) {
        return kv.computeIfAbsent(validId(namespaceId), id -> new SqliteKvStore(kvFile(id)));
    }

    @Override
    public List<String> kvNamespaces() {
        Path dir = stateDir.resolve("kv");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sqlite"))
                    .map(n -> n.substring(0, n.length() - ".sqlite".length())).sorted().toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + dir, e);
        }
    }

    @Override
    public boolean deleteKv(String namespaceId) {
        SqliteKvStore open = kv.remove(validId(namespaceId));
        if (open != null) {
            open.close();
        }
        Path file = kvFile(namespaceId);
        try {
            boolean existed = Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
            return existed;
        } catch (IOException e) {
            throw new StorageException("cannot delete " + file, e);
        }
    }

    @Override
    public ObjectDatabase openObject(String namespace, String objectId) {
        return objects.open(namespace, objectId);
    }

    @Override
    public ObjectDatabase openObjectReadOnly(String namespace, String objectId) {
        return objects.openReadOnly(namespace, objectId);
    }

    @Override
    public List<String> objects(String namespace) {
        return objects.objects(namespace);
    }

    @Override
    public List<String> objectNamespaces() {
        return objects.namespaces();
    }

    @Override
    public void renameObjectNamespace(String from, String to) {
        objects.rename(from, to);
    }

    @Override
    public boolean deleteObjectNamespace(String namespace) {
        return objects.delete(namespace);
    }

    @Override
    public void indexAlarm(String namespace, String objectId, java.util.OptionalLong epochMillis) {
        objects.indexAlarm(namespace, objectId, epochMillis);
    }

    @Override
    public List<IndexedAlarm> indexedAlarms() {
        return objects.indexedAlarms();
    }

    @Override
    public java.util.Optional<String> objectMigrations(String script) {
        return objects.migrations(script);
    }

    @Override
    public void saveObjectMigrations(String script, String json) {
        objects.saveMigrations(script, json);
    }

    @Override
    public String describe() {
        return stateDir.toString();
    }

    @Override
    public void close() {
        kv.values().forEach(SqliteKvStore::close);
        kv.clear();
        objects.close();
    }

    private static String validId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new StorageException("invalid resource id '" + id + "': use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return id;
    }
}

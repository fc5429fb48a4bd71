package dev.kiln.storage.sqlite;

import dev.kiln.storage.D1Store;
import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import dev.kiln.storage.KvStore;
import dev.kiln.storage.ObjectStore;
import dev.kiln.storage.ObjectDatabase;
import dev.kiln.storage.PrivateFiles;
import dev.kiln.storage.StorageBackend;
import dev.kiln.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded default backend: SQLite files under one state directory, with stable, readable names:
 * {@code kv/<namespace-id>.sqlite}. Safe to open from several processes at once (SQLite's WAL locking).
 * R2 buckets live in {@code r2/<bucket>/} (see {@link SqliteObjectStore}).
 */
public final class EmbeddedStorage implements StorageBackend {

    /** Resource ids become file names, so they are kept to a portable set. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path stateDir;
    private final Map<String, SqliteKvStore> kv = new ConcurrentHashMap<>();
    private final Map<String, SqliteD1Store> d1 = new ConcurrentHashMap<>();
    private final Map<String, SqliteObjectStore> buckets = new ConcurrentHashMap<>();
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
        return sqliteFiles(stateDir.resolve("kv"));
    }

    @Override
    public boolean deleteKv(String namespaceId) {
        SqliteKvStore open = kv.remove(validId(namespaceId));
        if (open != null) {
            open.close();
        }
        return deleteDatabase(kvFile(namespaceId));
    }

    /** @return the file a D1 database lives in */
    public Path d1File(String database) {
        return stateDir.resolve("d1").resolve(validId(database) + ".sqlite");
    }

    @Override
    public D1Store d1(String database) {
        return d1.computeIfAbsent(validId(database), name -> new SqliteD1Store(d1File(name)));
    }

    @Override
    public List<String> d1Databases() {
        return sqliteFiles(stateDir.resolve("d1"));
    }

    @Override
    public boolean deleteD1(String database) {
        SqliteD1Store open = d1.remove(validId(database));
        if (open != null) {
            open.close();
        }
        return deleteDatabase(d1File(database));
    }

    private static List<String> sqliteFiles(Path dir) {
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

    /** @return the directory an R2 bucket lives in: {@code r2/<bucket>/} */
    public Path bucketDir(String name) {
        return stateDir.resolve("r2").resolve(validId(name));
    }

    @Override
    public Optional<ObjectStore> bucket(String name) {
        Path dir = bucketDir(name);
        Optional<Object> key = SqliteObjectStore.directoryKey(dir);
        // Another process (a kiln r2 command) may have deleted the bucket, or deleted and created it again:
        // a store open on a directory that is gone is closed and forgotten.
        SqliteObjectStore open = buckets.get(name);
        if (open != null && (key.isEmpty() || !open.isOn(key.get())) && buckets.remove(name, open)) {
            open.close();
        }
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(buckets.computeIfAbsent(name, n -> new SqliteObjectStore(n, dir)));
    }

    @Override
    public boolean createBucket(String name) {
        Path dir = bucketDir(name);
        try {
            PrivateFiles.createDirectories(dir.getParent());
            PrivateFiles.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        bucket(name);
        return true;
    }

    @Override
    public List<ObjectStore.BucketInfo> buckets() {
        Path dir = stateDir.resolve("r2");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches()).sorted()
                    .flatMap(n -> bucket(n).stream()).map(ObjectStore::info).toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + dir, e);
        }
    }

    private static boolean deleteDatabase(Path file) {
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
    public boolean deleteBucket(String name) {
        Optional<ObjectStore> store = bucket(name);
        if (store.isEmpty()) {
            return false;
        }
        if (!store.get().isEmpty()) {
            throw new R2Exception(R2Error.BucketNotEmpty, "The bucket '" + name + "' you tried to delete is not empty");
        }
        buckets.remove(name);
        store.get().close();
        Path dir = bucketDir(name);
        // Rename first so the bucket disappears at once; then delete the files at leisure.
        Path doomed = dir.resolveSibling("." + name + ".deleted-" + java.util.UUID.randomUUID());
        try {
            Files.move(dir, doomed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            try (Stream<Path> files = Files.walk(doomed)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
        return true;
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
        d1.values().forEach(SqliteD1Store::close);
        d1.clear();
        buckets.values().forEach(SqliteObjectStore::close);
        buckets.clear();
        objects.close();
    }

    private static String validId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new StorageException("invalid resource id '" + id + "': use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return id;
    }
}

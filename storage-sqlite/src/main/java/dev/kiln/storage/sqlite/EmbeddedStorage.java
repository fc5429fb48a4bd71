package dev.kiln.storage.sqlite;

import dev.kiln.storage.D1Store;
import dev.kiln.storage.KvStore;
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
    private final Map<String, SqliteD1Store> d1 = new ConcurrentHashMap<>();

    public EmbeddedStorage(Path stateDir) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
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
    public String describe() {
        return stateDir.toString();
    }

    @Override
    public void close() {
        kv.values().forEach(SqliteKvStore::close);
        kv.clear();
        d1.values().forEach(SqliteD1Store::close);
        d1.clear();
    }

    private static String validId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new StorageException("invalid resource id '" + id + "': use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return id;
    }
}

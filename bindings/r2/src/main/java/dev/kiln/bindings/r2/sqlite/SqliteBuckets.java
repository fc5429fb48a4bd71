package dev.kiln.bindings.r2.sqlite;

import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import dev.kiln.bindings.r2.BucketStores;
import dev.kiln.bindings.r2.ObjectStore;
import dev.kiln.spi.BackendSettings;
import dev.kiln.spi.StorageException;
import dev.kiln.spi.StoreProvider;
import dev.kiln.storage.sqlite.SqliteFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The embedded R2 buckets: one directory per bucket, {@code r2/<bucket>/}, holding its index
 * ({@code index.sqlite}) and content files (see {@link SqliteObjectStore}). Safe to use from several processes.
 */
public final class SqliteBuckets implements BucketStores, AutoCloseable {

    private final Path dir;
    private final Map<String, SqliteObjectStore> open = new ConcurrentHashMap<>();

    public SqliteBuckets(Path stateDir) {
        this.dir = stateDir.resolve("r2");
    }

    private Path bucketDir(String name) {
        return dir.resolve(SqliteFiles.validId(name));
    }

    @Override
    public Optional<ObjectStore> bucket(String name) {
        Path bucket = bucketDir(name);
        Optional<Object> key = SqliteObjectStore.directoryKey(bucket);
        // Another process (a kiln r2 command) may have deleted the bucket, or deleted and created it again:
        // a store open on a directory that is gone is closed and forgotten.
        SqliteObjectStore store = open.get(name);
        if (store != null && (key.isEmpty() || !store.isOn(key.get())) && open.remove(name, store)) {
            store.close();
        }
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(open.computeIfAbsent(name, n -> new SqliteObjectStore(n, bucket)));
    }

    @Override
    public boolean create(String name) {
        Path bucket = bucketDir(name);
        try {
            Files.createDirectories(dir);
            Files.createDirectory(bucket);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException("cannot create " + bucket + ": " + e.getMessage(), e);
        }
        bucket(name);
        return true;
    }

    @Override
    public List<ObjectStore.BucketInfo> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> SqliteFiles.ID.matcher(n).matches())
                    .sorted().flatMap(n -> bucket(n).stream()).map(ObjectStore::info).toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + dir, e);
        }
    }

    @Override
    public boolean delete(String name) {
        Optional<ObjectStore> store = bucket(name);
        if (store.isEmpty()) {
            return false;
        }
        if (!store.get().isEmpty()) {
            throw new R2Exception(R2Error.BucketNotEmpty, "The bucket '" + name + "' you tried to delete is not empty");
        }
        open.remove(name);
        store.get().close();
        Path bucket = bucketDir(name);
        // Rename first so the bucket disappears at once; then delete the files at leisure.
        Path doomed = bucket.resolveSibling("." + name + ".deleted-" + UUID.randomUUID());
        try {
            Files.move(bucket, doomed, StandardCopyOption.ATOMIC_MOVE);
            try (Stream<Path> files = Files.walk(doomed)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException("cannot delete " + bucket + ": " + e.getMessage(), e);
        }
        return true;
    }

    @Override
    public String location(String name) {
        return bucketDir(name).toString();
    }

    @Override
    public void close() {
        open.values().forEach(SqliteObjectStore::close);
        open.clear();
    }

    /** Registers these stores as the embedded backend's {@link BucketStores}. */
    public static final class Provider implements StoreProvider<BucketStores> {
        @Override
        public String backend() {
            return BackendSettings.EMBEDDED;
        }

        @Override
        public Class<BucketStores> type() {
            return BucketStores.class;
        }

        @Override
        public BucketStores open(BackendSettings settings) {
            return new SqliteBuckets(settings.stateDir());
        }
    }
}

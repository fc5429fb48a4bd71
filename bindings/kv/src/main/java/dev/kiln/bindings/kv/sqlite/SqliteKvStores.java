package dev.kiln.bindings.kv.sqlite;

import dev.kiln.bindings.kv.KvStore;
import dev.kiln.bindings.kv.KvStores;
import dev.kiln.spi.BackendSettings;
import dev.kiln.spi.StoreProvider;
import dev.kiln.storage.sqlite.SqliteFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded KV namespaces: one SQLite database per namespace, {@code kv/<namespace-id>.sqlite} under the state
 * directory. Safe to open from several processes at once (SQLite's WAL locking).
 */
public final class SqliteKvStores implements KvStores, AutoCloseable {

    private final Path dir;
    private final Map<String, SqliteKvStore> open = new ConcurrentHashMap<>();

    public SqliteKvStores(Path stateDir) {
        this.dir = stateDir.resolve("kv");
    }

    private Path file(String id) {
        return dir.resolve(SqliteFiles.validId(id) + ".sqlite");
    }

    @Override
    public KvStore namespace(String id) {
        return open.computeIfAbsent(SqliteFiles.validId(id), i -> new SqliteKvStore(file(i)));
    }

    @Override
    public List<String> namespaces() {
        return SqliteFiles.list(dir);
    }

    @Override
    public boolean delete(String id) {
        SqliteKvStore store = open.remove(SqliteFiles.validId(id));
        if (store != null) {
            store.close();
        }
        return SqliteFiles.delete(file(id));
    }

    @Override
    public String location(String id) {
        return file(id).toString();
    }

    @Override
    public void close() {
        open.values().forEach(SqliteKvStore::close);
        open.clear();
    }

    /** Registers these stores as the embedded backend's {@link KvStores}. */
    public static final class Provider implements StoreProvider<KvStores> {
        @Override
        public String backend() {
            return BackendSettings.EMBEDDED;
        }

        @Override
        public Class<KvStores> type() {
            return KvStores.class;
        }

        @Override
        public KvStores open(BackendSettings settings) {
            return new SqliteKvStores(settings.stateDir());
        }
    }
}

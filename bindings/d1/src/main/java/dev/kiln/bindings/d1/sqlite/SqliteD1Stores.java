package dev.kiln.bindings.d1.sqlite;

import dev.kiln.bindings.d1.D1Store;
import dev.kiln.bindings.d1.D1Stores;
import dev.kiln.spi.BackendSettings;
import dev.kiln.spi.StoreProvider;
import dev.kiln.storage.sqlite.SqliteFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded D1 databases: one ordinary SQLite file per database, {@code d1/<database_name>.sqlite} under the
 * state directory (open it with {@code sqlite3}).
 */
public final class SqliteD1Stores implements D1Stores, AutoCloseable {

    private final Path dir;
    private final Map<String, SqliteD1Store> open = new ConcurrentHashMap<>();

    public SqliteD1Stores(Path stateDir) {
        this.dir = stateDir.resolve("d1");
    }

    private Path file(String name) {
        return dir.resolve(SqliteFiles.validId(name) + ".sqlite");
    }

    @Override
    public D1Store database(String name) {
        return open.computeIfAbsent(SqliteFiles.validId(name), n -> new SqliteD1Store(file(n)));
    }

    @Override
    public List<String> databases() {
        return SqliteFiles.list(dir);
    }

    @Override
    public boolean delete(String name) {
        SqliteD1Store store = open.remove(SqliteFiles.validId(name));
        if (store != null) {
            store.close();
        }
        return SqliteFiles.delete(file(name));
    }

    @Override
    public String location(String name) {
        return file(name).toString();
    }

    @Override
    public void close() {
        open.values().forEach(SqliteD1Store::close);
        open.clear();
    }

    /** Registers these stores as the embedded backend's {@link D1Stores}. */
    public static final class Provider implements StoreProvider<D1Stores> {
        @Override
        public String backend() {
            return BackendSettings.EMBEDDED;
        }

        @Override
        public Class<D1Stores> type() {
            return D1Stores.class;
        }

        @Override
        public D1Stores open(BackendSettings settings) {
            return new SqliteD1Stores(settings.stateDir());
        }
    }
}

package dev.kiln.bindings.durable.sqlite;

import dev.kiln.storage.sqlite.SqliteDatabase;
import dev.kiln.bindings.durable.ObjectDatabase;
import dev.kiln.bindings.durable.DurableObjectStores;
import dev.kiln.spi.BackendSettings;
import dev.kiln.spi.StoreProvider;
import dev.kiln.spi.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Durable Object files under {@code do/}: {@code do/<script>.<class>/<id>.sqlite}, one SQLite database per
 * object, and {@code do/index.sqlite}, which records alarm times (to re-arm them at startup without opening every
 * object) and the migrations applied to each worker's classes.
 */
public final class ObjectFiles implements DurableObjectStores, AutoCloseable {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}\\.[A-Za-z_$][A-Za-z0-9_$.]{0,127}");
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final String SUFFIX = ".sqlite";

    private final Path root;
    private volatile SqliteDatabase index;

    /** @param stateDir the state directory; the files live in its {@code do/} */
    public ObjectFiles(Path stateDir) {
        this.root = stateDir.resolve("do");
    }

    Path file(String namespace, String objectId) {
        return root.resolve(validNamespace(namespace)).resolve(validId(objectId) + SUFFIX);
    }

    @Override
    public ObjectDatabase open(String namespace, String objectId) {
        return new SqliteObjectDatabase(file(namespace, objectId), false);
    }

    @Override
    public ObjectDatabase openReadOnly(String namespace, String objectId) {
        return new SqliteObjectDatabase(file(namespace, objectId), true);
    }

    @Override
    public List<String> objects(String namespace) {
        Path dir = root.resolve(validNamespace(namespace));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).filter(n -> OBJECT_ID.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + dir, e);
        }
    }

    @Override
    public List<String> namespaces() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> NAMESPACE.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + root, e);
        }
    }

    @Override
    public void rename(String from, String to) {
        Path source = root.resolve(validNamespace(from));
        Path target = root.resolve(validNamespace(to));
        if (Files.exists(target)) {
            throw new StorageException("cannot move Durable Object namespace " + from + " to " + to + ": " + target + " already exists");
        }
        try {
            if (Files.isDirectory(source)) {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
                fsyncDirectory(root);
            }
        } catch (IOException e) {
            throw new StorageException("cannot move " + source + " to " + target + ": " + e.getMessage(), e);
        }
        index().write(s -> {
            var st = s.prepare("UPDATE alarms SET namespace = ? WHERE namespace = ?");
            st.setString(1, to);
            st.setString(2, from);
            return st.executeUpdate();
        });
    }

    @Override
    public boolean delete(String namespace) {
        Path dir = root.resolve(validNamespace(namespace));
        index().write(s -> {
            var st = s.prepare("DELETE FROM alarms WHERE namespace = ?");
            st.setString(1, namespace);
            return st.executeUpdate();
        });
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
            fsyncDirectory(root);
            return true;
        } catch (IOException e) {
            throw new StorageException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void indexAlarm(String namespace, String objectId, OptionalLong epochMillis) {
        validNamespace(namespace);
        validId(objectId);
        index().write(s -> {
            if (epochMillis.isPresent()) {
                var st = s.prepare("INSERT INTO alarms (namespace, object, at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (namespace, object) DO UPDATE SET at = excluded.at");
                st.setString(1, namespace);
                st.setString(2, objectId);
                st.setLong(3, epochMillis.getAsLong());
                return st.executeUpdate();
            }
            var st = s.prepare("DELETE FROM alarms WHERE namespace = ? AND object = ?");
            st.setString(1, namespace);
            st.setString(2, objectId);
            return st.executeUpdate();
        });
    }

    @Override
    public List<IndexedAlarm> indexedAlarms() {
        if (!Files.exists(root.resolve("index.sqlite"))) {
            return List.of();
        }
        return index().read(s -> {
            List<IndexedAlarm> alarms = new ArrayList<>();
            try (ResultSet r = s.prepare("SELECT namespace, object, at FROM alarms ORDER BY at").executeQuery()) {
                while (r.next()) {
                    alarms.add(new IndexedAlarm(r.getString(1), r.getString(2), r.getLong(3)));
                }
            }
            return alarms;
        });
    }

    @Override
    public Optional<String> migrations(String script) {
        if (!Files.exists(root.resolve("index.sqlite"))) {
            return Optional.empty();
        }
        return index().read(s -> {
            var st = s.prepare("SELECT record FROM migrations WHERE script = ?");
            st.setString(1, script);
            try (ResultSet r = st.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
            }
        });
    }

    @Override
    public void saveMigrations(String script, String json) {
        index().write(s -> {
            var st = s.prepare("INSERT INTO migrations (script, record) VALUES (?, ?) ON CONFLICT (script) DO UPDATE SET record = excluded.record");
            st.setString(1, script);
            st.setString(2, json);
            return st.executeUpdate();
        });
    }

    private SqliteDatabase index() {
        SqliteDatabase db = index;
        if (db == null) {
            synchronized (this) {
                db = index;
                if (db == null) {
                    db = new SqliteDatabase(root.resolve("index.sqlite"), List.of(
                            "CREATE TABLE IF NOT EXISTS alarms (namespace TEXT NOT NULL, object TEXT NOT NULL, at INTEGER NOT NULL,"
                                    + " PRIMARY KEY (namespace, object)) WITHOUT ROWID",
                            "CREATE TABLE IF NOT EXISTS migrations (script TEXT PRIMARY KEY, record TEXT NOT NULL)"));
                    index = db;
                }
            }
        }
        return db;
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static String validNamespace(String namespace) {
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new StorageException("invalid Durable Object namespace '" + namespace + "': expected <script>.<class>");
        }
        return namespace;
    }

    static String validId(String id) {
        if (!OBJECT_ID.matcher(id).matches()) {
            throw new StorageException("invalid Durable Object id '" + id + "': expected 64 lowercase hex digits");
        }
        return id;
    }

    @Override
    public String location(String namespace) {
        return root.resolve(validNamespace(namespace)).toString();
    }

    @Override
    public synchronized void close() {
        if (index != null) {
            index.close();
            index = null;
        }
    }

    /** Registers these files as the embedded backend's {@link DurableObjectStores}. */
    public static final class Provider implements StoreProvider<DurableObjectStores> {
        @Override
        public String backend() {
            return BackendSettings.EMBEDDED;
        }

        @Override
        public Class<DurableObjectStores> type() {
            return DurableObjectStores.class;
        }

        @Override
        public DurableObjectStores open(BackendSettings settings) {
            return new ObjectFiles(settings.stateDir());
        }
    }
}

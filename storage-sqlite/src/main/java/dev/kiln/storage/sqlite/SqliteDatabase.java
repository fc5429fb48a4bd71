package dev.kiln.storage.sqlite;

import dev.kiln.spi.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One SQLite file with a single writer and a small pool of readers.
 *
 * <p>Settings, and why: WAL journal (readers never block the writer, and several processes — {@code kiln dev}
 * and the {@code kiln kv ...} commands — can share the file); {@code synchronous=FULL} (a commit is fsynced
 * before it is acknowledged, so acknowledged writes survive {@code kill -9} and power loss);
 * {@code busy_timeout=10000} (another process holding the write lock is waited for, not failed).
 *
 * <p>Writes go to one platform thread, which commits every write waiting in its queue in one transaction:
 * concurrent writers share one fsync (group commit), and the JNI calls that would pin a virtual thread's
 * carrier for an fsync run off the carriers. Reads run on the caller's thread with a pooled connection:
 * they are short, so pinning a carrier for them is cheaper than a thread hand-off.
 */
public final class SqliteDatabase implements AutoCloseable {

    /** Work done inside the writer's transaction. */
    @FunctionalInterface
    public interface Write<T> {
        T apply(Session session) throws SQLException;
    }

    /** A read with a pooled connection. */
    @FunctionalInterface
    public interface Read<T> {
        T apply(Session session) throws SQLException;
    }

    /**
     * One connection with its prepared statements kept for reuse (preparing costs more than a point query).
     * Confined to one thread at a time by the pool or the writer thread.
     */
    public static final class Session {
        private final Connection connection;
        /** Least recently used first; bounded, because D1 prepares whatever SQL its users send. */
        private final java.util.LinkedHashMap<String, java.sql.PreparedStatement> statements = new java.util.LinkedHashMap<>(16, 0.75f, true);

        Session(Connection connection) {
            this.connection = connection;
        }

        /** @return the cached statement for this SQL, with its parameters cleared */
        public java.sql.PreparedStatement prepare(String sql) throws SQLException {
            java.sql.PreparedStatement s = statements.get(sql);
            if (s == null) {
                s = connection.prepareStatement(sql);
                statements.put(sql, s);
                if (statements.size() > MAX_CACHED_STATEMENTS) {
                    var eldest = statements.entrySet().iterator().next();
                    statements.remove(eldest.getKey());
                    eldest.getValue().close();
                }
            } else {
                s.clearParameters();
            }
            return s;
        }

        /** Drops (and closes) the cached statement for this SQL, e.g. after SQLite interrupted it. */
        public void forget(String sql) throws SQLException {
            java.sql.PreparedStatement s = statements.remove(sql);
            if (s != null) {
                s.close();
            }
        }

        /** @return the connection, for statements not worth caching */
        public Connection connection() {
            return connection;
        }

        void close() throws SQLException {
            for (java.sql.PreparedStatement s : statements.values()) {
                s.close();
            }
            connection.close();
        }
    }

    private static final int MAX_CACHED_STATEMENTS = 128;

    private record Pending<T>(Write<T> work, CompletableFuture<T> result) {
    }

    private static final int READERS = 4;
    private static final int MAX_BATCH = 512;

    private final Path file;
    private final Connection writer;
    private final Session writerSession;
    private final BlockingQueue<Session> readers = new ArrayBlockingQueue<>(READERS);
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private volatile boolean closed;
    private final java.util.Properties connectionProperties;

    /**
     * Opens (creating if needed) the database and runs the schema statements in the writer.
     *
     * @throws StorageException if the file cannot be opened or the schema fails
     */
    public SqliteDatabase(Path file, List<String> schema) {
        this(file, schema, new java.util.Properties());
    }

    /**
     * Same as {@link #SqliteDatabase(Path, List)}, with extra sqlite-jdbc connection properties for every
     * connection (e.g. {@code limit_length}).
     */
    public SqliteDatabase(Path file, List<String> schema, java.util.Properties connectionProperties) {
        this(file, schema, connectionProperties, connection -> { });
    }

    /** Something to do to every connection once it is open (e.g. install a progress handler). */
    @FunctionalInterface
    public interface ConnectionSetup {
        void apply(Connection connection) throws SQLException;
    }

    /** Same as {@link #SqliteDatabase(Path, List, java.util.Properties)}, running {@code setup} on every connection. */
    public SqliteDatabase(Path file, List<String> schema, java.util.Properties connectionProperties, ConnectionSetup setup) {
        this.file = file;
        this.connectionProperties = connectionProperties;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            writer = open(file, connectionProperties);
            setup.apply(writer);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                for (String sql : schema) {
                    s.execute(sql);
                }
            }
            writer.setAutoCommit(false);
            writerSession = new Session(writer);
            for (int i = 0; i < READERS; i++) {
                Connection reader = open(file, connectionProperties);
                setup.apply(reader);
                try (Statement s = reader.createStatement()) {
                    s.execute("PRAGMA query_only=1");
                }
                readers.add(new Session(reader));
            }
        } catch (SQLException | java.io.IOException e) {
            throw new StorageException("cannot open " + file + ": " + e.getMessage(), e);
        }
        writerThread = Thread.ofPlatform().name("kiln-sqlite-writer-" + file.getFileName()).daemon(true).start(this::writeLoop);
    }

    private static Connection open(Path file, java.util.Properties properties) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), properties);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA foreign_keys=ON");
        }
        return c;
    }

    /** @return the database file */
    public Path file() {
        return file;
    }

    /**
     * Runs the work in the writer's next transaction and returns once it is committed and fsynced. If the
     * work throws, only its own changes are rolled back (it runs in a savepoint).
     *
     * @throws StorageException if the work or the commit failed
     */
    public <T> T write(Write<T> work) {
        if (closed) {
            throw new StorageException(file + " is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(new Pending<>(work, result));
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StorageException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while writing " + file, e);
        }
    }

    /**
     * Runs a read with a pooled connection on the caller's thread.
     *
     * @throws StorageException if the read failed
     */
    public <T> T read(Read<T> work) {
        Session c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while reading " + file, e);
        }
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StorageException("read from " + file + " failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    private void writeLoop() {
        List<Pending<?>> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    /** One transaction for the whole batch; each item in its own savepoint so a failing item fails alone. */
    private void commit(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        List<Throwable> failures = new ArrayList<>(batch.size());
        try {
            for (Pending<?> p : batch) {
                try (Statement s = writer.createStatement()) {
                    s.execute("SAVEPOINT item");
                }
                try {
                    results.add(p.work().apply(writerSession));
                    failures.add(null);
                    try (Statement s = writer.createStatement()) {
                        s.execute("RELEASE item");
                    }
                } catch (SQLException | RuntimeException e) {
                    if (!rollBackToItem()) {
                        // SQLite ended the whole transaction (an interrupted statement does): this item fails
                        // alone, and the others of the batch run again in a new transaction.
                        complete(p, null, e);
                        beginAgain();
                        List<Pending<?>> others = new ArrayList<>(batch);
                        others.remove(p);
                        if (!others.isEmpty()) {
                            commit(others);
                        }
                        return;
                    }
                    results.add(null);
                    failures.add(e);
                }
            }
            writer.commit();
        } catch (SQLException e) {
            try {
                writer.rollback();
            } catch (SQLException ignored) {
                // the original failure is reported below
            }
            StorageException failure = new StorageException("commit to " + file + " failed: " + e.getMessage(), e);
            batch.forEach(p -> p.result().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i), failures.get(i));
        }
    }

    /** @return false if there was no savepoint to roll back to: the whole transaction is gone */
    private boolean rollBackToItem() throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("ROLLBACK TO item");
            s.execute("RELEASE item");
            return true;
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such savepoint")) {
                return false;
            }
            throw e;
        }
    }

    /** Opens the writer's transaction again after SQLite ended it. */
    private void beginAgain() throws SQLException {
        try {
            writer.rollback(); // resets the driver's view; SQLite may say no transaction is active
        } catch (SQLException ignored) {
            // nothing was open
        }
        try (Statement s = writer.createStatement()) {
            s.execute("BEGIN");
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("within a transaction")) {
                throw e;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object value, Throwable failure) {
        if (failure == null) {
            pending.result().complete((T) value);
        } else if (failure instanceof SQLException sql) {
            pending.result().completeExceptionally(new StorageException(sql.getMessage(), sql));
        } else {
            pending.result().completeExceptionally(failure);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(10));
            writerSession.close();
            for (Session c : readers) {
                c.close();
            }
        } catch (SQLException e) {
            throw new StorageException("closing " + file + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

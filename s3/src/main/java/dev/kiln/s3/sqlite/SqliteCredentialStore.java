package dev.kiln.s3.sqlite;

import dev.kiln.s3.CredentialStore;
import dev.kiln.s3.Credentials;
import dev.kiln.spi.BackendSettings;
import dev.kiln.spi.StorageException;
import dev.kiln.spi.StoreProvider;
import dev.kiln.storage.sqlite.SqliteDatabase;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The S3 access keys of a state directory, in {@code s3/credentials.sqlite}.
 *
 * <p>SigV4 signs with the secret itself (an HMAC key), so the server needs it in clear: it cannot be stored
 * hashed. The file (and the {@code -wal}/{@code -shm} files SQLite derives from it) is mode 0600 in a 0700
 * directory, readable only by the user Kiln runs as. Durable like the other stores: WAL with
 * {@code synchronous=FULL}; safe to share between {@code kiln dev} and {@code kiln r2 credentials}.
 */
public final class SqliteCredentialStore implements CredentialStore, AutoCloseable {

    private static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS credentials (
              access_key_id TEXT PRIMARY KEY,
              secret_access_key TEXT NOT NULL,
              created_ms INTEGER NOT NULL
            ) STRICT""");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SqliteDatabase db;

    private SqliteCredentialStore(SqliteDatabase db) {
        this.db = db;
    }

    /** @return the file the keys of a state directory live in */
    public static Path file(Path stateDir) {
        return stateDir.resolve("s3").resolve("credentials.sqlite");
    }

    /**
     * Opens (creating if needed, owner-only) the store of a state directory.
     *
     * @throws StorageException if it cannot be created or opened
     */
    public static SqliteCredentialStore open(Path stateDir) {
        Path file = file(stateDir.toAbsolutePath().normalize());
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException exists) {
                // opened before
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new StorageException("cannot create " + file + " owner-only: " + e.getMessage(), e);
        }
        return new SqliteCredentialStore(new SqliteDatabase(file, SCHEMA));
    }

    /** Creates a new access key with a random id (32 hex digits) and secret (64 hex digits). */
    @Override
    public Credentials create() {
        Credentials created = new Credentials(randomHex(16), randomHex(32), Instant.ofEpochMilli(System.currentTimeMillis()));
        db.write(session -> {
            PreparedStatement insert = session.prepare("INSERT INTO credentials VALUES (?, ?, ?)");
            insert.setString(1, created.accessKeyId());
            insert.setString(2, created.secretAccessKey());
            insert.setLong(3, created.created().toEpochMilli());
            return insert.executeUpdate();
        });
        return created;
    }

    /** @return every access key, oldest first */
    @Override
    public List<Credentials> list() {
        return db.read(session -> {
            List<Credentials> all = new ArrayList<>();
            try (ResultSet rows = session.prepare("SELECT access_key_id, secret_access_key, created_ms FROM credentials "
                    + "ORDER BY created_ms, access_key_id").executeQuery()) {
                while (rows.next()) {
                    all.add(new Credentials(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3))));
                }
            }
            return all;
        });
    }

    /** @return the secret of an access key, if the key exists */
    @Override
    public Optional<String> secret(String accessKeyId) {
        return db.read(session -> {
            PreparedStatement select = session.prepare("SELECT secret_access_key FROM credentials WHERE access_key_id = ?");
            select.setString(1, accessKeyId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
            }
        });
    }

    /** Deletes an access key; returns false if there was none with that id. Takes effect at the next request. */
    @Override
    public boolean delete(String accessKeyId) {
        return db.write(session -> {
            PreparedStatement delete = session.prepare("DELETE FROM credentials WHERE access_key_id = ?");
            delete.setString(1, accessKeyId);
            return delete.executeUpdate() > 0;
        });
    }

    @Override
    public void close() {
        db.close();
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Registers this store as the embedded backend's {@link CredentialStore}. */
    public static final class Provider implements StoreProvider<CredentialStore> {
        @Override
        public String backend() {
            return BackendSettings.EMBEDDED;
        }

        @Override
        public Class<CredentialStore> type() {
            return CredentialStore.class;
        }

        @Override
        public CredentialStore open(BackendSettings settings) {
            return SqliteCredentialStore.open(settings.stateDir());
        }
    }
}

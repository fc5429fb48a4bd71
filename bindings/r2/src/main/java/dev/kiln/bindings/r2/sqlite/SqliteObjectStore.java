package dev.kiln.bindings.r2.sqlite;

import dev.kiln.storage.sqlite.SqliteDatabase;
import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2HttpMetadata;
import dev.kiln.bindings.r2.ObjectStore;
import dev.kiln.spi.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A bucket on local disk: {@code r2/<bucket>/index.sqlite} holds the metadata, {@code blobs/} the content
 * (one file per object version or part), {@code tmp/} content being staged (see {@link BlobDirectory}).
 * Keys are stored as their UTF-8 bytes, so the index orders them as R2 does. Several processes may use the
 * bucket at once (SQLite WAL locking; content files are never rewritten, only published and deleted).
 */
final class SqliteObjectStore implements ObjectStore {

    private static final String HTTP_COLUMNS = "content_type, content_language, content_disposition, content_encoding, cache_control, cache_expiry";
    static final String OBJECT_COLUMNS = "key, version, size, etag, uploaded, " + HTTP_COLUMNS
            + ", md5, sha1, sha256, sha384, sha512, storage_class, blob";

    private static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS bucket (
              name TEXT NOT NULL,
              created INTEGER NOT NULL
            )""", """
            CREATE TABLE IF NOT EXISTS objects (
              key BLOB PRIMARY KEY NOT NULL,
              version TEXT NOT NULL,
              size INTEGER NOT NULL,
              etag TEXT NOT NULL,
              uploaded INTEGER NOT NULL,
              content_type TEXT, content_language TEXT, content_disposition TEXT, content_encoding TEXT,
              cache_control TEXT, cache_expiry INTEGER,
              md5 TEXT, sha1 TEXT, sha256 TEXT, sha384 TEXT, sha512 TEXT,
              storage_class TEXT NOT NULL,
              blob TEXT NOT NULL
            ) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS custom_metadata (
              owner TEXT NOT NULL,
              name TEXT NOT NULL,
              value TEXT NOT NULL,
              PRIMARY KEY (owner, name)
            ) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS uploads (
              upload_id TEXT PRIMARY KEY NOT NULL,
              key BLOB NOT NULL,
              created INTEGER NOT NULL,
              content_type TEXT, content_language TEXT, content_disposition TEXT, content_encoding TEXT,
              cache_control TEXT, cache_expiry INTEGER,
              storage_class TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads (key, upload_id)", """
            CREATE TABLE IF NOT EXISTS parts (
              upload_id TEXT NOT NULL,
              part_number INTEGER NOT NULL,
              size INTEGER NOT NULL,
              etag TEXT NOT NULL,
              uploaded INTEGER NOT NULL,
              blob TEXT NOT NULL,
              PRIMARY KEY (upload_id, part_number)
            ) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS completed_uploads (
              upload_id TEXT PRIMARY KEY NOT NULL,
              key BLOB NOT NULL,
              etag TEXT NOT NULL,
              completed INTEGER NOT NULL
            ) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS settings (
              name TEXT PRIMARY KEY NOT NULL,
              value TEXT NOT NULL
            ) WITHOUT ROWID""");

    /** How long a completed upload is remembered (S3 clients retry a completion whose answer they lost). */
    static final Duration COMPLETED_UPLOAD_MEMORY = Duration.ofDays(1);

    /** Opening a version whose file a concurrent replace just deleted is retried this often. */
    private static final int OPEN_ATTEMPTS = 5;

    private final String name;
    private final SqliteDatabase db;
    private final BlobDirectory files;
    private final Instant created;
    private final Object directoryKey;

    /** Opens (creating if needed) the bucket in {@code dir}, then removes what crashed writers left. */
    SqliteObjectStore(String name, Path dir) {
        this.name = name;
        this.directoryKey = directoryKey(dir).orElse(null);
        this.files = new BlobDirectory(dir);
        this.db = new SqliteDatabase(dir.resolve("index.sqlite"), SCHEMA);
        this.created = db.write(c -> {
            try (ResultSet r = c.connection().createStatement().executeQuery("SELECT created FROM bucket")) {
                if (r.next()) {
                    return Instant.ofEpochMilli(r.getLong(1));
                }
            }
            Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
            PreparedStatement s = c.prepare("INSERT INTO bucket (name, created) VALUES (?, ?)");
            s.setString(1, name);
            s.setLong(2, now.toEpochMilli());
            s.executeUpdate();
            return now;
        });
        // Read the referenced names inside the writer, so no commit slips between the read and the cleanup.
        db.write(c -> {
            Set<String> referenced = new HashSet<>();
            try (var s = c.connection().createStatement();
                 ResultSet r = s.executeQuery("SELECT blob FROM objects UNION ALL SELECT blob FROM parts")) {
                while (r.next()) {
                    referenced.add(r.getString(1));
                }
            }
            files.removeLeftovers(referenced::contains);
            return null;
        });
    }

    @Override
    public BucketInfo info() {
        return new BucketInfo(name, created);
    }

    @Override
    public Staged stage(InputStream content) throws IOException {
        return files.stage(content);
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return db.read(c -> readObject(c, key, true)).map(StoredRow::info);
    }

    @Override
    public Optional<ObjectContent> open(String key) {
        for (int attempt = 1; ; attempt++) {
            Optional<StoredRow> row = db.read(c -> readObject(c, key, true));
            if (row.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new BlobContent(row.get().info(), files.open(row.get().blob())));
            } catch (NoSuchFileException e) {
                // Replaced or deleted between the read and the open: read the index again.
                if (attempt == OPEN_ATTEMPTS) {
                    throw new StorageException("content of '" + key + "' in bucket " + name + " is missing: " + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new StorageException("cannot open content of '" + key + "' in bucket " + name + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Optional<ObjectInfo> publish(String key, Staged content, NewObject object, Predicate<Optional<ObjectInfo>> guard) {
        BlobDirectory.StagedFile staged = (BlobDirectory.StagedFile) content;
        String blob = staged.publish();
        ObjectInfo info = info(key, object, staged.size());
        Optional<String> replaced;
        try {
            replaced = db.write(c -> {
                Optional<StoredRow> current = readObject(c, key, true);
                if (!guard.test(current.map(StoredRow::info))) {
                    return null;
                }
                current.ifPresent(row -> deleteCustomMetadata(c, row.info().version()));
                writeObject(c, info, blob);
                return current.map(StoredRow::blob);
            });
        } catch (RuntimeException e) {
            files.delete(blob);
            throw e;
        }
        if (replaced == null) {
            files.delete(blob);
            return Optional.empty();
        }
        replaced.ifPresent(files::delete);
        return Optional.of(info);
    }

    @Override
    public void delete(Collection<String> keys) {
        List<String> blobs = db.write(c -> {
            List<String> removed = new ArrayList<>();
            for (String key : new java.util.LinkedHashSet<>(keys)) {
                Optional<StoredRow> row = readObject(c, key, false);
                if (row.isPresent()) {
                    PreparedStatement s = c.prepare("DELETE FROM objects WHERE key = ?");
                    s.setBytes(1, KeyBytes.utf8(key));
                    s.executeUpdate();
                    deleteCustomMetadata(c, row.get().info().version());
                    removed.add(row.get().blob());
                }
            }
            return removed;
        });
        blobs.forEach(files::delete);
    }

    @Override
    public ObjectListing list(ListQuery query) {
        return db.read(c -> new BucketLister(c, query).run());
    }

    @Override
    public boolean isEmpty() {
        return db.read(c -> {
            try (var s = c.connection().createStatement();
                 ResultSet r = s.executeQuery("SELECT EXISTS (SELECT 1 FROM objects) OR EXISTS (SELECT 1 FROM uploads)")) {
                return r.next() && r.getInt(1) == 0;
            }
        });
    }

    @Override
    public UploadInfo createUpload(String key, NewObject object) {
        String uploadId = UUID.randomUUID().toString().replace("-", "");
        Instant now = millis(object.uploaded());
        db.write(c -> {
            PreparedStatement s = c.prepare("INSERT INTO uploads (upload_id, key, created, " + HTTP_COLUMNS
                    + ", storage_class) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            s.setString(1, uploadId);
            s.setBytes(2, KeyBytes.utf8(key));
            s.setLong(3, now.toEpochMilli());
            bindHttp(s, 4, object.httpMetadata());
            s.setString(10, object.storageClass());
            s.executeUpdate();
            writeCustomMetadata(c, uploadId, object.customMetadata());
            return null;
        });
        return new UploadInfo(uploadId, key, now, object);
    }

    @Override
    public Optional<UploadInfo> upload(String uploadId) {
        return db.read(c -> readUpload(c, uploadId));
    }

    @Override
    public Optional<PartInfo> putPart(String uploadId, int partNumber, Staged content, String etag) {
        BlobDirectory.StagedFile staged = (BlobDirectory.StagedFile) content;
        String blob = staged.publish();
        PartInfo part = new PartInfo(partNumber, staged.size(), etag, Instant.ofEpochMilli(System.currentTimeMillis()));
        Optional<Optional<String>> replaced;
        try {
            replaced = db.write(c -> {
                if (readUpload(c, uploadId).isEmpty()) {
                    return Optional.empty();
                }
                Optional<String> old = partBlobs(c, uploadId, Optional.of(partNumber)).stream().findFirst();
                PreparedStatement s = c.prepare("INSERT OR REPLACE INTO parts (upload_id, part_number, size, etag, uploaded, blob) VALUES (?, ?, ?, ?, ?, ?)");
                s.setString(1, uploadId);
                s.setInt(2, partNumber);
                s.setLong(3, part.size());
                s.setString(4, etag);
                s.setLong(5, part.uploaded().toEpochMilli());
                s.setString(6, blob);
                s.executeUpdate();
                return Optional.of(old);
            });
        } catch (RuntimeException e) {
            files.delete(blob);
            throw e;
        }
        if (replaced.isEmpty()) {
            files.delete(blob);
            return Optional.empty();
        }
        replaced.get().ifPresent(files::delete);
        return Optional.of(part);
    }

    @Override
    public List<PartInfo> parts(String uploadId) {
        return db.read(c -> {
            PreparedStatement s = c.prepare("SELECT part_number, size, etag, uploaded FROM parts WHERE upload_id = ? ORDER BY part_number");
            s.setString(1, uploadId);
            List<PartInfo> parts = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    parts.add(new PartInfo(r.getInt(1), r.getLong(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4))));
                }
            }
            return parts;
        });
    }

    @Override
    public List<UploadInfo> uploads(String prefix, Optional<String> keyMarker, Optional<String> uploadIdMarker, int limit) {
        return db.read(c -> {
            byte[] low = KeyBytes.utf8(prefix);
            byte[] high = KeyBytes.prefixEnd(low);
            byte[] marker = keyMarker.map(KeyBytes::utf8).orElse(new byte[0]);
            PreparedStatement s = c.prepare("SELECT upload_id FROM uploads WHERE key >= ? AND (? IS NULL OR key < ?) "
                    + "AND (key > ? OR (key = ? AND upload_id > ?)) ORDER BY key, upload_id LIMIT ?");
            s.setBytes(1, low);
            s.setBytes(2, high);
            s.setBytes(3, high);
            s.setBytes(4, marker);
            s.setBytes(5, marker);
            s.setString(6, keyMarker.isPresent() ? uploadIdMarker.orElse("\uffff") : "");
            s.setInt(7, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            List<UploadInfo> uploads = new ArrayList<>();
            for (String id : ids) {
                readUpload(c, id).ifPresent(uploads::add);
            }
            return uploads;
        });
    }

    @Override
    public Optional<ObjectInfo> completeUpload(String uploadId, List<PartRef> parts, NewObject object) {
        Optional<UploadInfo> upload = upload(uploadId);
        if (upload.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, String[]> stored = db.read(c -> partRows(c, uploadId));
        List<String> blobs = new ArrayList<>();
        for (PartRef ref : parts) {
            String[] row = stored.get(ref.partNumber());
            checkPart(ref, row);
            blobs.add(row[1]);
        }
        String key = upload.get().key();
        BlobDirectory.StagedFile joined;
        try {
            joined = files.concatenate(blobs);
        } catch (NoSuchFileException e) {
            throw new PartMismatchException(0, "a part was replaced or the upload ended while completing: " + e.getMessage());
        } catch (IOException e) {
            throw new StorageException("cannot join the parts of upload " + uploadId + ": " + e.getMessage(), e);
        }
        String blob = joined.publish();
        ObjectInfo info = info(key, object, joined.size());
        List<String> unused;
        try {
            unused = db.write(c -> {
                if (readUpload(c, uploadId).isEmpty()) {
                    return null;
                }
                Map<Integer, String[]> now = partRows(c, uploadId);
                for (PartRef ref : parts) {
                    checkPart(ref, now.get(ref.partNumber()));
                }
                List<String> drop = new ArrayList<>();
                now.values().forEach(row -> drop.add(row[1]));
                Optional<StoredRow> current = readObject(c, key, false);
                current.ifPresent(row -> {
                    drop.add(row.blob());
                    deleteCustomMetadata(c, row.info().version());
                });
                writeObject(c, info, blob);
                endUpload(c, uploadId);
                rememberCompleted(c, uploadId, info);
                return drop;
            });
        } catch (RuntimeException e) {
            files.delete(blob);
            throw e;
        }
        if (unused == null) {
            files.delete(blob);
            return Optional.empty();
        }
        unused.forEach(files::delete);
        return Optional.of(info);
    }

    @Override
    public boolean abortUpload(String uploadId) {
        List<String> blobs = db.write(c -> {
            if (readUpload(c, uploadId).isEmpty()) {
                return null;
            }
            List<String> drop = partBlobs(c, uploadId, Optional.empty());
            endUpload(c, uploadId);
            return drop;
        });
        if (blobs == null) {
            return false;
        }
        blobs.forEach(files::delete);
        return true;
    }

    @Override
    public Optional<CompletedUpload> completedUpload(String uploadId) {
        return db.read(c -> {
            PreparedStatement s = c.prepare("SELECT key, etag, completed FROM completed_uploads WHERE upload_id = ?");
            s.setString(1, uploadId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.<CompletedUpload>empty();
                }
                return Optional.of(new CompletedUpload(uploadId, new String(r.getBytes(1), StandardCharsets.UTF_8), r.getString(2),
                        Instant.ofEpochMilli(r.getLong(3))));
            }
        });
    }

    /** Remembers a completion, and forgets those older than {@link #COMPLETED_UPLOAD_MEMORY}. */
    private static void rememberCompleted(SqliteDatabase.Session c, String uploadId, ObjectInfo object) throws SQLException {
        PreparedStatement forget = c.prepare("DELETE FROM completed_uploads WHERE completed < ?");
        forget.setLong(1, object.uploaded().minus(COMPLETED_UPLOAD_MEMORY).toEpochMilli());
        forget.executeUpdate();
        PreparedStatement s = c.prepare("INSERT OR REPLACE INTO completed_uploads (upload_id, key, etag, completed) VALUES (?, ?, ?, ?)");
        s.setString(1, uploadId);
        s.setBytes(2, KeyBytes.utf8(object.key()));
        s.setString(3, object.etag());
        s.setLong(4, object.uploaded().toEpochMilli());
        s.executeUpdate();
    }

    @Override
    public Optional<String> setting(String name) {
        return db.read(c -> {
            PreparedStatement s = c.prepare("SELECT value FROM settings WHERE name = ?");
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
            }
        });
    }

    @Override
    public void putSetting(String name, Optional<String> value) {
        db.write(c -> {
            PreparedStatement s = c.prepare(value.isPresent() ? "INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)"
                    : "DELETE FROM settings WHERE name = ?");
            s.setString(1, name);
            if (value.isPresent()) {
                s.setString(2, value.get());
            }
            s.executeUpdate();
            return null;
        });
    }

    /**
     * @return the identity (device and inode) of the bucket directory, if it exists: a bucket deleted and
     *     created again by another process has a new one
     */
    static Optional<Object> directoryKey(Path dir) {
        try {
            return Optional.ofNullable(java.nio.file.Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return whether this store was opened on the directory that is there now */
    boolean isOn(Object currentDirectoryKey) {
        return java.util.Objects.equals(directoryKey, currentDirectoryKey);
    }

    /** @return the published content file names (for tests of what is left on disk) */
    Set<String> blobNames() {
        return files.blobNames();
    }

    @Override
    public void close() {
        db.close();
    }

    // ---- rows ----

    /** An object row: its metadata and the name of its content file. */
    record StoredRow(ObjectInfo info, String blob) {
    }

    private static ObjectInfo info(String key, NewObject object, long size) {
        return new ObjectInfo(key, object.version(), size, object.etag(), millis(object.uploaded()), object.httpMetadata(),
                object.customMetadata(), object.checksums(), object.storageClass());
    }

    private static Optional<StoredRow> readObject(SqliteDatabase.Session c, String key, boolean withMetadata) throws SQLException {
        PreparedStatement s = c.prepare("SELECT " + OBJECT_COLUMNS + " FROM objects WHERE key = ?");
        s.setBytes(1, KeyBytes.utf8(key));
        StoredRow row;
        try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return Optional.empty();
            }
            row = objectRow(r, Map.of());
        }
        if (!withMetadata) {
            return Optional.of(row);
        }
        return Optional.of(withCustomMetadata(c, row));
    }

    static StoredRow withCustomMetadata(SqliteDatabase.Session c, StoredRow row) throws SQLException {
        ObjectInfo i = row.info();
        return new StoredRow(new ObjectInfo(i.key(), i.version(), i.size(), i.etag(), i.uploaded(), i.httpMetadata(),
                readCustomMetadata(c, i.version()), i.checksums(), i.storageClass()), row.blob());
    }

    static StoredRow objectRow(ResultSet r, Map<String, String> custom) throws SQLException {
        R2Checksums sums = R2Checksums.NONE;
        R2Checksums.Algorithm[] algorithms = R2Checksums.Algorithm.values();
        for (int i = 0; i < algorithms.length; i++) {
            String hex = r.getString(12 + i);
            if (hex != null) {
                sums = sums.with(algorithms[i], hex);
            }
        }
        ObjectInfo info = new ObjectInfo(new String(r.getBytes(1), StandardCharsets.UTF_8), r.getString(2), r.getLong(3),
                r.getString(4), Instant.ofEpochMilli(r.getLong(5)), readHttp(r, 6), custom, sums, r.getString(17));
        return new StoredRow(info, r.getString(18));
    }

    private static void writeObject(SqliteDatabase.Session c, ObjectInfo info, String blob) throws SQLException {
        PreparedStatement s = c.prepare("INSERT OR REPLACE INTO objects (" + OBJECT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.setBytes(1, KeyBytes.utf8(info.key()));
        s.setString(2, info.version());
        s.setLong(3, info.size());
        s.setString(4, info.etag());
        s.setLong(5, info.uploaded().toEpochMilli());
        bindHttp(s, 6, info.httpMetadata());
        R2Checksums.Algorithm[] algorithms = R2Checksums.Algorithm.values();
        for (int i = 0; i < algorithms.length; i++) {
            s.setString(12 + i, info.checksums().get(algorithms[i]).orElse(null));
        }
        s.setString(17, info.storageClass());
        s.setString(18, blob);
        s.executeUpdate();
        writeCustomMetadata(c, info.version(), info.customMetadata());
    }

    private static void bindHttp(PreparedStatement s, int first, R2HttpMetadata http) throws SQLException {
        s.setString(first, http.contentType().orElse(null));
        s.setString(first + 1, http.contentLanguage().orElse(null));
        s.setString(first + 2, http.contentDisposition().orElse(null));
        s.setString(first + 3, http.contentEncoding().orElse(null));
        s.setString(first + 4, http.cacheControl().orElse(null));
        if (http.cacheExpiry().isPresent()) {
            s.setLong(first + 5, http.cacheExpiry().get().toEpochMilli());
        } else {
            s.setNull(first + 5, Types.INTEGER);
        }
    }

    private static R2HttpMetadata readHttp(ResultSet r, int first) throws SQLException {
        long expiry = r.getLong(first + 5);
        Optional<Instant> cacheExpiry = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expiry));
        return new R2HttpMetadata(Optional.ofNullable(r.getString(first)), Optional.ofNullable(r.getString(first + 1)),
                Optional.ofNullable(r.getString(first + 2)), Optional.ofNullable(r.getString(first + 3)),
                Optional.ofNullable(r.getString(first + 4)), cacheExpiry);
    }

    private static Map<String, String> readCustomMetadata(SqliteDatabase.Session c, String owner) throws SQLException {
        PreparedStatement s = c.prepare("SELECT name, value FROM custom_metadata WHERE owner = ? ORDER BY name");
        s.setString(1, owner);
        Map<String, String> metadata = new LinkedHashMap<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                metadata.put(r.getString(1), r.getString(2));
            }
        }
        return metadata;
    }

    private static void writeCustomMetadata(SqliteDatabase.Session c, String owner, Map<String, String> metadata) throws SQLException {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            PreparedStatement s = c.prepare("INSERT OR REPLACE INTO custom_metadata (owner, name, value) VALUES (?, ?, ?)");
            s.setString(1, owner);
            s.setString(2, e.getKey());
            s.setString(3, e.getValue());
            s.executeUpdate();
        }
    }

    private static void deleteCustomMetadata(SqliteDatabase.Session c, String owner) {
        try {
            PreparedStatement s = c.prepare("DELETE FROM custom_metadata WHERE owner = ?");
            s.setString(1, owner);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot delete metadata: " + e.getMessage(), e);
        }
    }

    private static Optional<UploadInfo> readUpload(SqliteDatabase.Session c, String uploadId) throws SQLException {
        PreparedStatement s = c.prepare("SELECT key, created, " + HTTP_COLUMNS + ", storage_class FROM uploads WHERE upload_id = ?");
        s.setString(1, uploadId);
        String key;
        Instant created;
        R2HttpMetadata http;
        String storageClass;
        try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return Optional.empty();
            }
            key = new String(r.getBytes(1), StandardCharsets.UTF_8);
            created = Instant.ofEpochMilli(r.getLong(2));
            http = readHttp(r, 3);
            storageClass = r.getString(9);
        }
        NewObject template = new NewObject("", "", created, http, readCustomMetadata(c, uploadId), R2Checksums.NONE, storageClass);
        return Optional.of(new UploadInfo(uploadId, key, created, template));
    }

    /** @return part number to {etag, blob} */
    private static Map<Integer, String[]> partRows(SqliteDatabase.Session c, String uploadId) throws SQLException {
        PreparedStatement s = c.prepare("SELECT part_number, etag, blob FROM parts WHERE upload_id = ?");
        s.setString(1, uploadId);
        Map<Integer, String[]> rows = new java.util.HashMap<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.put(r.getInt(1), new String[] {r.getString(2), r.getString(3)});
            }
        }
        return rows;
    }

    private static List<String> partBlobs(SqliteDatabase.Session c, String uploadId, Optional<Integer> partNumber) throws SQLException {
        PreparedStatement s = c.prepare("SELECT blob FROM parts WHERE upload_id = ? AND (? IS NULL OR part_number = ?)");
        s.setString(1, uploadId);
        if (partNumber.isPresent()) {
            s.setInt(2, partNumber.get());
            s.setInt(3, partNumber.get());
        } else {
            s.setNull(2, Types.INTEGER);
            s.setNull(3, Types.INTEGER);
        }
        List<String> blobs = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                blobs.add(r.getString(1));
            }
        }
        return blobs;
    }

    private static void checkPart(PartRef ref, String[] row) {
        if (row == null) {
            throw new PartMismatchException(ref.partNumber(), "part " + ref.partNumber() + " was not uploaded");
        }
        if (!row[0].equals(ref.etag())) {
            throw new PartMismatchException(ref.partNumber(), "part " + ref.partNumber() + " has etag " + row[0] + ", not " + ref.etag());
        }
    }

    private static void endUpload(SqliteDatabase.Session c, String uploadId) throws SQLException {
        for (String sql : List.of("DELETE FROM parts WHERE upload_id = ?", "DELETE FROM uploads WHERE upload_id = ?",
                "DELETE FROM custom_metadata WHERE owner = ?")) {
            PreparedStatement s = c.prepare(sql);
            s.setString(1, uploadId);
            s.executeUpdate();
        }
    }

    private static Instant millis(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }
}

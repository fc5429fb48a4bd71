package dev.kiln.bindings.kv.sqlite;

import dev.kiln.storage.sqlite.SqliteDatabase;
import dev.kiln.bindings.kv.KvStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A KV namespace in its own SQLite file: one row per key, ordered by the key's UTF-8 bytes (BINARY collation). */
final class SqliteKvStore implements KvStore, AutoCloseable {

    private static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS kv (
              key TEXT PRIMARY KEY NOT NULL,
              value BLOB NOT NULL,
              expiration INTEGER NOT NULL DEFAULT 0,
              metadata TEXT
            ) WITHOUT ROWID""");

    private final SqliteDatabase db;

    SqliteKvStore(Path file) {
        this.db = new SqliteDatabase(file, SCHEMA);
    }

    @Override
    public Optional<KvEntry> get(String key, long now) {
        return db.read(c -> {
            {
                PreparedStatement s = c.prepare("SELECT value, expiration, metadata FROM kv WHERE key = ?");
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    long expiration = r.getLong(2);
                    if (expiration != 0 && expiration <= now) {
                        return Optional.empty();
                    }
                    return Optional.of(new KvEntry(r.getBytes(1), expiration, Optional.ofNullable(r.getString(3))));
                }
            }
        });
    }

    @Override
    public void put(String key, KvEntry entry) {
        db.write(c -> {
            {
                PreparedStatement s = c.prepare("INSERT INTO kv (key, value, expiration, metadata) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT(key) DO UPDATE SET value = excluded.value, expiration = excluded.expiration, metadata = excluded.metadata");
                s.setString(1, key);
                s.setBytes(2, entry.value());
                s.setLong(3, entry.expiration());
                s.setString(4, entry.metadata().orElse(null));
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void delete(String key) {
        db.write(c -> {
            {
                PreparedStatement s = c.prepare("DELETE FROM kv WHERE key = ?");
                s.setString(1, key);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<KvKey> list(String prefix, Optional<String> startAfter, int limit, long now) {
        return db.read(c -> {
            // BINARY collation compares UTF-8 bytes, which is the order KV lists in (bindings.md §1).
            String sql = "SELECT key, expiration, metadata FROM kv WHERE key >= ? AND key > ? AND substr(key, 1, ?) = ? "
                    + "AND (expiration = 0 OR expiration > ?) ORDER BY key LIMIT ?";
            {
                PreparedStatement s = c.prepare(sql);
                s.setString(1, prefix);
                s.setString(2, startAfter.orElse(""));
                s.setInt(3, prefix.length());
                s.setString(4, prefix);
                s.setLong(5, now);
                s.setInt(6, limit);
                List<KvKey> keys = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        keys.add(new KvKey(r.getString(1), r.getLong(2), Optional.ofNullable(r.getString(3))));
                    }
                }
                return keys;
            }
        });
    }

    @Override
    public void close() {
        db.close();
    }
}

package dev.kiln.bindings.r2.sqlite;

import dev.kiln.storage.sqlite.SqliteDatabase;
import static dev.kiln.bindings.r2.sqlite.SqliteObjectStore.OBJECT_COLUMNS;
import static dev.kiln.bindings.r2.sqlite.SqliteObjectStore.objectRow;
import static dev.kiln.bindings.r2.sqlite.SqliteObjectStore.withCustomMetadata;
import dev.kiln.bindings.r2.ObjectStore.ListQuery;
import dev.kiln.bindings.r2.ObjectStore.ObjectInfo;
import dev.kiln.bindings.r2.ObjectStore.ObjectListing;
import dev.kiln.bindings.r2.sqlite.SqliteObjectStore.StoredRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One listing page of a bucket: walks keys in byte order, rolling keys with the delimiter up into prefixes. */
final class BucketLister {

    private final SqliteDatabase.Session c;
    private final ListQuery query;
    private final byte[] prefixEnd;

    BucketLister(SqliteDatabase.Session c, ListQuery query) {
        this.c = c;
        this.query = query;
        this.prefixEnd = KeyBytes.prefixEnd(KeyBytes.utf8(query.prefix()));
    }

    ObjectListing run() throws SQLException {
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        // Keys after startAfter: the smallest byte string after it is itself followed by a zero byte.
        byte[] from = query.startAfter().map(a -> KeyBytes.append(KeyBytes.utf8(a), (byte) 0)).orElse(new byte[0]);
        byte[] low = KeyBytes.utf8(query.prefix());
        if (Arrays.compareUnsigned(from, low) < 0) {
            from = low;
        }
        int batch = Math.min(query.limit() + 1, 1001);
        while (true) {
            List<StoredRow> rows = fetch(from, batch);
            if (rows.isEmpty()) {
                return new ObjectListing(objects, prefixes, false, Optional.ofNullable(last));
            }
            for (StoredRow row : rows) {
                String key = row.info().key();
                Optional<String> rolled = rollUp(key);
                if (rolled.isPresent()) {
                    String prefix = rolled.get();
                    // Everything under this prefix is skipped at once: jump past it.
                    from = KeyBytes.prefixEnd(KeyBytes.utf8(prefix));
                    if (query.startAfter().map(prefix::equals).orElse(false)) {
                        break;
                    }
                    if (objects.size() + prefixes.size() == query.limit()) {
                        return new ObjectListing(objects, prefixes, true, Optional.ofNullable(last));
                    }
                    prefixes.add(prefix);
                    last = prefix;
                    break;
                }
                if (objects.size() + prefixes.size() == query.limit()) {
                    return new ObjectListing(objects, prefixes, true, Optional.ofNullable(last));
                }
                objects.add(query.withMetadata() ? withCustomMetadata(c, row).info() : row.info());
                last = key;
                from = KeyBytes.append(KeyBytes.utf8(key), (byte) 0);
            }
            if (from == null) {
                return new ObjectListing(objects, prefixes, false, Optional.ofNullable(last));
            }
        }
    }

    private List<StoredRow> fetch(byte[] from, int limit) throws SQLException {
        PreparedStatement s = c.prepare("SELECT " + OBJECT_COLUMNS + " FROM objects WHERE key >= ? AND (? IS NULL OR key < ?) ORDER BY key LIMIT ?");
        s.setBytes(1, from);
        s.setBytes(2, prefixEnd);
        s.setBytes(3, prefixEnd);
        s.setInt(4, limit);
        List<StoredRow> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.add(objectRow(r, Map.of()));
            }
        }
        return rows;
    }

    /** @return the key's prefix up to and including the first delimiter after the query prefix, if any */
    private Optional<String> rollUp(String key) {
        if (query.delimiter().isEmpty()) {
            return Optional.empty();
        }
        String delimiter = query.delimiter().get();
        int at = key.indexOf(delimiter, query.prefix().length());
        return at < 0 ? Optional.empty() : Optional.of(key.substring(0, at + delimiter.length()));
    }
}

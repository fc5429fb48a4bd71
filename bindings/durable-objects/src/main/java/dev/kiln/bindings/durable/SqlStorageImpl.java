package dev.kiln.bindings.durable;

import dev.kiln.api.SqlCursor;
import dev.kiln.api.SqlException;
import dev.kiln.api.SqlStorage;
import java.util.Arrays;
import java.util.Objects;

/** The SQL API of bindings.md §2.6 over the object's database; statements join the running event's transaction. */
final class SqlStorageImpl implements SqlStorage {

    private final ObjectHost host;

    SqlStorageImpl(ObjectHost host) {
        this.host = host;
    }

    @Override
    public SqlCursor exec(String query, Object... bindings) {
        Objects.requireNonNull(query, "query");
        host.checkEventThread("sql.exec");
        ObjectDatabase db = host.database();
        // Each statement gets its own savepoint, so a failing one leaves the event's earlier writes intact.
        db.begin();
        ObjectDatabase.SqlResult result;
        try {
            result = db.exec(query, bindings == null ? Arrays.asList((Object) null) : Arrays.asList(bindings));
        } catch (ObjectSqlException e) {
            db.rollback();
            throw new SqlException(e.getMessage(), e);
        } catch (RuntimeException e) {
            db.rollback();
            throw e;
        }
        db.release();
        // DDL changes no rows but must be committed too: any statement may have written.
        host.markDirty();
        return new SqlCursorImpl(result);
    }

    @Override
    public long databaseSize() {
        host.checkEventThread("sql.databaseSize");
        return host.database().size();
    }
}

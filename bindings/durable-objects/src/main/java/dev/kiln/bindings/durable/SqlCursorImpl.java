package dev.kiln.bindings.durable;

import dev.kiln.api.SqlCursor;
import dev.kiln.api.SqlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** A cursor over rows already read; {@link #next()} and {@link #raw()} share one position. */
final class SqlCursorImpl implements SqlCursor {

    private final ObjectDatabase.SqlResult result;
    private int position;

    SqlCursorImpl(ObjectDatabase.SqlResult result) {
        this.result = result;
    }

    @Override
    public List<String> columnNames() {
        return Collections.unmodifiableList(result.columns());
    }

    @Override
    public boolean hasNext() {
        return position < result.rows().size();
    }

    @Override
    public Map<String, Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows");
        }
        return row(result.rows().get(position++));
    }

    @Override
    public List<Map<String, Object>> toArray() {
        List<Map<String, Object>> rows = new ArrayList<>();
        while (hasNext()) {
            rows.add(next());
        }
        return rows;
    }

    @Override
    public Map<String, Object> one() {
        int remaining = result.rows().size() - position;
        if (remaining != 1) {
            throw new SqlException("Expected exactly one result from SQL query, but got " + (remaining == 0 ? "no results" : remaining + " results") + ".");
        }
        return next();
    }

    @Override
    public Iterator<List<Object>> raw() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return SqlCursorImpl.this.hasNext();
            }

            @Override
            public List<Object> next() {
                if (!SqlCursorImpl.this.hasNext()) {
                    throw new NoSuchElementException("no more rows");
                }
                return Collections.unmodifiableList(result.rows().get(position++));
            }
        };
    }

    @Override
    public long rowsRead() {
        return result.rowsRead();
    }

    @Override
    public long rowsWritten() {
        return result.rowsWritten();
    }

    private Map<String, Object> row(List<Object> values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            row.put(result.columns().get(i), values.get(i));
        }
        return row;
    }
}

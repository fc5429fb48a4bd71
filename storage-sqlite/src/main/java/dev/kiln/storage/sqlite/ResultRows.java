package dev.kiln.storage.sqlite;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The column names and rows a SQL statement returned, read whole. Values are SQLite's own: null, Long, Double,
 * String or byte[] (the driver's Integer and Float are widened, so a number has one type whatever its size).
 */
public record ResultRows(List<String> columns, List<List<Object>> rows) {

    /** @return what a statement that returns no result set (an INSERT, a CREATE) gives */
    public static ResultRows none() {
        return new ResultRows(new ArrayList<>(), new ArrayList<>());
    }

    public static ResultRows read(ResultSet r) throws SQLException {
        ResultSetMetaData meta = r.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        for (int c = 1; c <= n; c++) {
            columns.add(meta.getColumnLabel(c));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (r.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int c = 1; c <= n; c++) {
                row.add(widen(r.getObject(c)));
            }
            rows.add(row);
        }
        return new ResultRows(columns, rows);
    }

    private static Object widen(Object v) {
        return v instanceof Integer i ? Long.valueOf(i) : v instanceof Float f ? Double.valueOf(f) : v;
    }
}

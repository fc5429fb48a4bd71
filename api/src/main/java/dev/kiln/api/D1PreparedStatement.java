package dev.kiln.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One SQL statement with its bound values. Immutable: {@link #bind} returns a new statement, so one prepared
 * statement can be bound many times (for example for {@link D1Database#batch(List)}).
 */
public interface D1PreparedStatement {

    /**
     * @param values the values for {@code ?1, ?2, ...} in order (see {@link D1Database} for the types)
     * @return a new statement with these values
     * @throws D1Exception {@code D1_TYPE_ERROR} for a value of an unsupported type
     */
    D1PreparedStatement bind(Object... values);

    /** @return the SQL text */
    String sql();

    /** @return the first row (column name → value), if any; no {@code LIMIT} is added */
    Optional<Map<String, Object>> first();

    /**
     * @return the named column of the first row; empty if there is no row or the value is NULL
     * @throws D1Exception {@code D1_COLUMN_NOTFOUND} if there are rows but no such column
     */
    Optional<Object> first(String column);

    /** @return every row, as column name → value, with the result's meta */
    D1Result<Map<String, Object>> all();

    /** Same as {@link #all()}: {@code results} is empty for statements that return no rows. */
    D1Result<Map<String, Object>> run();

    /** @return every row as a list of values in column order */
    List<List<Object>> raw();

    /** @param columnNames whether to put the column names first, as a row of their own */
    List<List<Object>> raw(boolean columnNames);
}

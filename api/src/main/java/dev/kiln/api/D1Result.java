package dev.kiln.api;

import java.util.List;

/**
 * The result of one D1 statement.
 *
 * @param results the rows (empty for statements that return none)
 * @param success always {@code true}: failures throw {@link D1Exception}
 * @param meta what the query did and cost
 */
public record D1Result<T>(List<T> results, boolean success, D1Meta meta) {
}

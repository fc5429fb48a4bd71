package dev.kiln.api;

import java.util.List;
import java.util.Map;

/**
 * A D1 database ({@code [[d1_databases]]}), read with {@link Env#d1(String)}: SQLite, queried with prepared
 * statements. Thread-safe. A failure of the SQL, of a bound value or of a limit is a {@link D1Exception} whose
 * message starts with {@code D1_ERROR: }; each query counts against the invocation's storage operations
 * (over the limit: {@link LimitExceededException}).
 *
 * <p>Values bound to statements map to SQLite types as JavaScript values do on Cloudflare (bindings.md §3):
 * {@code null} → NULL; {@link Integer}, {@link Long}, {@link Short}, {@link Byte} → INTEGER; {@link Double}
 * and {@link Float} → INTEGER when integral (as a JS number is), else REAL; {@link String} → TEXT;
 * {@link Boolean} → INTEGER 1/0; {@code byte[]} and {@link java.nio.ByteBuffer} → BLOB. Anything else
 * (BigInteger, BigDecimal, dates, ...) is a {@code D1_TYPE_ERROR}. Results come back as {@link Long},
 * {@link Double}, {@link String}, {@code byte[]} or {@code null}.
 *
 * <p>Limits (Cloudflare's): statement 100,000 bytes; 100 bound parameters; 100 columns; a string, BLOB or
 * row 1,000,000 bytes; 32 function arguments; LIKE/GLOB pattern 50 bytes; 30 s per query; 10 GB per database.
 * Statements that would break the store's own transactions or reach other files ({@code BEGIN}, {@code COMMIT},
 * {@code SAVEPOINT}, {@code ATTACH}, {@code VACUUM}, pragmas other than introspection and
 * {@code defer_foreign_keys}) are refused with {@code not authorized}.
 */
public interface D1Database {

    /** @return a statement for one SQL statement, with {@code ?} or {@code ?NNN} parameters (no named ones) */
    D1PreparedStatement prepare(String sql);

    /**
     * Runs the statements in order in one transaction: if one fails, none of them has any effect and the
     * exception names the failing statement.
     *
     * @return one result per statement, in order
     */
    List<D1Result<Map<String, Object>>> batch(List<D1PreparedStatement> statements);

    /**
     * Runs SQL without bindings, one statement per line (maintenance, not for user input). Lines run in
     * order; the first failing line stops the rest ({@code D1_EXEC_ERROR: Error in line N: ...}), and the
     * lines before it stay applied.
     */
    D1ExecResult exec(String sql);

    /** @return a session that starts at any replica ({@code "first-unconstrained"}) */
    D1DatabaseSession withSession();

    /**
     * @param constraintOrBookmark {@code "first-unconstrained"}, {@code "first-primary"} or a bookmark from
     *     {@link D1DatabaseSession#getBookmark()}
     * @return a session whose queries see at least what the bookmark saw
     * @throws D1Exception {@code D1_SESSION_ERROR} for an empty bookmark
     */
    D1DatabaseSession withSession(String constraintOrBookmark);
}

package dev.kiln.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sequential consistency across queries (D1 read replication): later queries see at least what earlier ones
 * saw. Kiln runs one copy of each database, so every read is already up to date; the session still hands out
 * a bookmark that only moves forward, so code written for replicas runs unchanged.
 */
public interface D1DatabaseSession {

    /** Same as {@link D1Database#prepare(String)}, within this session. */
    D1PreparedStatement prepare(String sql);

    /** Same as {@link D1Database#batch(List)}, within this session. */
    List<D1Result<Map<String, Object>>> batch(List<D1PreparedStatement> statements);

    /** @return the newest bookmark this session has seen, once it has run a query */
    Optional<String> getBookmark();
}

package superinstance;

import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.Env;
import dev.kiln.api.SqlStorage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chat session: its owner, title, context and messages. Only the owner reaches it; anyone else gets
 * {@link Session.NotFound}, as for a session that does not exist. Each change also updates the session's row in D1's
 * {@code sessions} index (what {@code GET /v1/sessions} lists), in the same event.
 */
public final class SessionState implements DurableObject, Session {

    /** The stored metadata. */
    public record Meta(String sessionId, String userId, String title, Map<String, Object> context, long createdAt, long updatedAt) {
    }

    static final int TITLE_MAX = 60;

    private final DurableObjectStorage storage;
    private final SqlStorage sql;
    private final String sessionId;
    private final Env env;

    public SessionState(DurableObjectState state, Env env) {
        this.storage = state.storage();
        this.sql = storage.sql();
        this.sessionId = state.id().name().orElse(state.id().toString());
        this.env = env;
        sql.exec("CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, role TEXT NOT NULL, content TEXT NOT NULL, created_at INTEGER NOT NULL)");
    }

    @Override
    public Map<String, Object> create(String userId) {
        if (storage.get("meta", Meta.class).isPresent()) {
            throw new IllegalStateException("session " + sessionId + " exists");
        }
        long now = System.currentTimeMillis();
        Meta meta = new Meta(sessionId, userId, null, Map.of(), now, now);
        save(meta);
        return view(meta, false);
    }

    @Override
    public Map<String, Object> get(String userId) {
        return view(owned(userId), true);
    }

    @Override
    public Map<String, Object> addMessage(String userId, String role, String content, boolean createIfMissing) {
        if (!List.of("user", "assistant", "system").contains(role)) {
            throw new IllegalArgumentException("role must be user, assistant or system: " + role);
        }
        long now = System.currentTimeMillis();
        Meta meta = createIfMissing && storage.get("meta", Meta.class).isEmpty()
                ? new Meta(sessionId, userId, null, Map.of(), now, now) : owned(userId);
        sql.exec("INSERT INTO messages (role, content, created_at) VALUES (?, ?, ?)", role, content, now);
        String title = meta.title() == null && role.equals("user") ? title(content) : meta.title();
        meta = new Meta(sessionId, userId, title, meta.context(), meta.createdAt(), now);
        save(meta);
        return view(meta, false);
    }

    @Override
    public Map<String, Object> setContext(String userId, Map<String, Object> context) {
        Meta meta = owned(userId);
        meta = new Meta(sessionId, userId, meta.title(), context, meta.createdAt(), System.currentTimeMillis());
        save(meta);
        return view(meta, false);
    }

    @Override
    public Map<String, Object> clear(String userId) {
        Meta meta = owned(userId);
        sql.exec("DELETE FROM messages");
        meta = new Meta(sessionId, userId, meta.title(), meta.context(), meta.createdAt(), System.currentTimeMillis());
        save(meta);
        return view(meta, false);
    }

    @Override
    public void delete(String userId) {
        owned(userId);
        sql.exec("DELETE FROM messages");
        storage.delete("meta");
        env.d1("DB").prepare("DELETE FROM sessions WHERE session_id = ?").bind(sessionId).run();
    }

    /** The title: the first user message on one line, cut at a word boundary to at most 60 characters. */
    static String title(String firstMessage) {
        String line = firstMessage.strip().replaceAll("\\s+", " ");
        if (line.length() <= TITLE_MAX) {
            return line;
        }
        int cut = line.lastIndexOf(' ', TITLE_MAX);
        return (cut > 0 ? line.substring(0, cut) : line.substring(0, TITLE_MAX)).strip();
    }

    private Meta owned(String userId) {
        return storage.get("meta", Meta.class).filter(m -> m.userId().equals(userId))
                .orElseThrow(() -> new NotFound("no session " + sessionId));
    }

    private void save(Meta meta) {
        storage.put("meta", meta);
        env.d1("DB").prepare("""
                INSERT INTO sessions (session_id, user_id, title, message_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (session_id) DO UPDATE SET title = excluded.title, message_count = excluded.message_count,
                  updated_at = excluded.updated_at""")
                .bind(sessionId, meta.userId(), meta.title(), messageCount(), meta.createdAt(), meta.updatedAt()).run();
    }

    private long messageCount() {
        return ((Number) sql.exec("SELECT COUNT(*) AS n FROM messages").one().get("n")).longValue();
    }

    private Map<String, Object> view(Meta meta, boolean withMessages) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_id", sessionId);
        out.put("title", meta.title());
        out.put("message_count", messageCount());
        out.put("context", meta.context());
        out.put("created_at", meta.createdAt());
        out.put("updated_at", meta.updatedAt());
        if (withMessages) {
            out.put("messages", sql.exec("SELECT role, content, created_at FROM messages ORDER BY seq").toArray());
        }
        return out;
    }
}

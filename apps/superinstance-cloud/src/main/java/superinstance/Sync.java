package superinstance;

import dev.kiln.api.Body;
import dev.kiln.api.D1Database;
import dev.kiln.api.Env;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Headers;
import dev.kiln.api.Json;
import dev.kiln.api.R2Bucket;
import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import dev.kiln.api.R2HttpMetadata;
import dev.kiln.api.R2MultipartUpload;
import dev.kiln.api.R2Object;
import dev.kiln.api.R2ObjectBody;
import dev.kiln.api.R2PutOptions;
import dev.kiln.api.R2UploadedPart;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code /sync/*}: device sync for one user (the JWT's {@code sub}). Each request holds the user's
 * {@link SyncState} lock while it runs; a second one meanwhile gets 423.
 */
final class Sync {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final int PULL_LIMIT = 100;

    private final Env env;
    private final long leaseMs;
    private volatile JwtVerifier verifier;

    Sync(Env env) {
        this.env = env;
        this.leaseMs = Long.parseLong(env.optionalVar("SYNC_LOCK_SECONDS").orElse("30")) * 1000;
    }

    private JwtVerifier verifier() {
        JwtVerifier v = verifier;
        if (v == null) {
            try {
                v = new JwtVerifier(CloudWorker.secret(env, "SYNC_JWT_SECRET"), CloudWorker.secret(env, "SYNC_JWKS_URL"),
                        env.optionalVar("SYNC_JWT_ISSUER").orElse("superinstance"), env.optionalVar("SYNC_JWT_AUDIENCE").orElse("superinstance-sync"));
            } catch (IllegalStateException e) {
                throw new Http.Failure(503, "sync_not_configured", e.getMessage());
            }
            verifier = v;
        }
        return v;
    }

    Response handle(Request request, ExecutionContext ctx) {
        String userId = verifier().verify(Http.bearer(request));
        SyncLock state = env.durableObject("SYNC_STATE").getByName(userId).rpc(SyncLock.class);
        String path = request.path();
        String method = request.method();
        if (method.equals("GET") && path.equals("/sync/status")) {
            return Response.json(state.status());
        }
        if (path.equals("/sync/lora") || path.startsWith("/sync/lora/")) {
            return lora(request, userId, state, path.substring("/sync/lora".length()));
        }
        return switch (method + " " + path) {
            case "POST /sync/settings" -> locked(state, "settings", holder -> settings(Http.jsonObject(request), userId));
            case "POST /sync/knowledge" -> locked(state, "knowledge", holder -> knowledge(Http.jsonObject(request), userId));
            case "POST /sync/history" -> locked(state, "history", holder -> history(Http.jsonObject(request), userId));
            default -> Http.error(404, "not_found", "no endpoint " + method + " " + path);
        };
    }

    @FunctionalInterface
    private interface Work {
        Response run(String holder);
    }

    /** Runs the work holding the user's sync lock; 423 with the holder's expiry if another sync runs. */
    private Response locked(SyncLock state, String kind, Work work) {
        String holder = UUID.randomUUID().toString();
        SyncLock.Lock lock = state.acquire(holder, leaseMs);
        if (!lock.acquired()) {
            long retryAfter = Math.max(1, Math.ceilDiv(lock.expiresAtMs() - System.currentTimeMillis(), 1000));
            throw new Http.Failure(423, "sync_locked", "another sync of this user is running; its lock expires in " + retryAfter + " s",
                    Map.of("retry-after", Long.toString(retryAfter)), Map.of("locked_until", lock.expiresAtMs()));
        }
        try {
            Response response = work.run(holder);
            if (response.status() < 300) {
                state.completed(kind);
            }
            return response;
        } finally {
            state.release(holder);
        }
    }

    private D1Database db() {
        return env.d1("DB");
    }

    // ---- settings -------------------------------------------------------------------------------------

    /** {@code {action: "pull"}} or {@code {action: "push", base_version, settings}}; a stale base is 409. */
    @SuppressWarnings("unchecked")
    private Response settings(Map<String, Object> body, String userId) {
        String action = Http.requiredString(body, "action", 8);
        Map<String, Object> current = db().prepare("SELECT version, settings, updated_at FROM sync_settings WHERE user_id = ?")
                .bind(userId).first().orElse(null);
        long version = current == null ? 0 : ((Number) current.get("version")).longValue();
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("version", version);
        server.put("settings", current == null ? Map.of() : Json.parse((String) current.get("settings"), Map.class));
        server.put("updated_at", current == null ? null : current.get("updated_at"));
        if (action.equals("pull")) {
            return Response.json(server);
        }
        if (!action.equals("push")) {
            throw new Http.Failure(400, "invalid_request", "action must be push or pull: " + action);
        }
        if (!(body.get("base_version") instanceof Number base) || !(body.get("settings") instanceof Map<?, ?> settings)) {
            throw new Http.Failure(400, "invalid_request", "a push needs base_version (a number) and settings (an object)");
        }
        if (base.longValue() != version) {
            throw new Http.Failure(409, "conflict", "settings changed since version " + base.longValue() + "; the server has version " + version,
                    Map.of(), Map.of("server", server));
        }
        long now = System.currentTimeMillis();
        long changes = version == 0
                ? db().prepare("INSERT OR IGNORE INTO sync_settings (user_id, version, settings, updated_at) VALUES (?, 1, ?, ?)")
                        .bind(userId, Json.stringify(settings), now).run().meta().changes()
                : db().prepare("UPDATE sync_settings SET version = version + 1, settings = ?, updated_at = ? WHERE user_id = ? AND version = ?")
                        .bind(Json.stringify(settings), now, userId, version).run().meta().changes();
        if (changes == 0) {
            throw new Http.Failure(409, "conflict", "settings changed during the push; pull and retry");
        }
        return Response.json(Map.of("version", version + 1, "updated_at", now));
    }

    // ---- knowledge ------------------------------------------------------------------------------------

    /**
     * {@code {action: "push", documents: [{id, title?, content, sha256?, deleted?}]}} stores content in R2
     * under the user's prefix and metadata in D1; {@code {action: "pull", since}} returns what changed after
     * the cursor.
     */
    @SuppressWarnings("unchecked")
    private Response knowledge(Map<String, Object> body, String userId) {
        String action = Http.requiredString(body, "action", 8);
        R2Bucket bucket = env.r2("KNOWLEDGE_STORE");
        if (action.equals("pull")) {
            long since = since(body);
            List<Map<String, Object>> rows = db().prepare("""
                    SELECT doc_id, title, content_hash, size, deleted, seq, updated_at FROM knowledge_documents
                    WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?""").bind(userId, since, PULL_LIMIT + 1).all().results();
            boolean more = rows.size() > PULL_LIMIT;
            List<Map<String, Object>> documents = new ArrayList<>();
            long cursor = since;
            for (Map<String, Object> row : rows.subList(0, Math.min(rows.size(), PULL_LIMIT))) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("id", row.get("doc_id"));
                doc.put("title", row.get("title"));
                doc.put("sha256", row.get("content_hash"));
                doc.put("size", row.get("size"));
                doc.put("deleted", ((Number) row.get("deleted")).intValue() == 1);
                doc.put("updated_at", row.get("updated_at"));
                if (!(Boolean) doc.get("deleted")) {
                    try (R2ObjectBody content = bucket.get(knowledgeKey(userId, (String) row.get("doc_id")))
                            .orElseThrow(() -> new IllegalStateException("knowledge content missing in R2 for " + row.get("doc_id")))) {
                        doc.put("content", content.text());
                    }
                }
                documents.add(doc);
                cursor = ((Number) row.get("seq")).longValue();
            }
            return Response.json(Map.of("documents", documents, "cursor", cursor, "has_more", more));
        }
        if (!action.equals("push")) {
            throw new Http.Failure(400, "invalid_request", "action must be push or pull: " + action);
        }
        if (!(body.get("documents") instanceof List<?> docs)) {
            throw new Http.Failure(400, "invalid_request", "a push needs documents (a list)");
        }
        // Check everything first, so a bad document stores nothing.
        List<Map<String, Object>> checked = new ArrayList<>();
        for (Object d : docs) {
            if (!(d instanceof Map<?, ?> m)) {
                throw new Http.Failure(400, "invalid_request", "each document must be an object");
            }
            Map<String, Object> doc = (Map<String, Object>) m;
            String id = Http.requiredString(doc, "id", 128);
            if (!ID.matcher(id).matches()) {
                throw new Http.Failure(400, "invalid_request", "document id may use letters, digits, '.', '_' and '-': " + id);
            }
            if (!Boolean.TRUE.equals(doc.get("deleted"))) {
                String content = doc.get("content") instanceof String s ? s : null;
                if (content == null) {
                    throw new Http.Failure(400, "invalid_request", "document " + id + " needs content (a string) unless deleted");
                }
                String hash = sha256(content.getBytes(StandardCharsets.UTF_8));
                if (doc.get("sha256") != null && !hash.equalsIgnoreCase(String.valueOf(doc.get("sha256")))) {
                    throw new Http.Failure(422, "hash_mismatch", "document " + id + ": content has sha256 " + hash + ", not " + doc.get("sha256"));
                }
            }
            checked.add(doc);
        }
        long now = System.currentTimeMillis();
        for (Map<String, Object> doc : checked) {
            String id = (String) doc.get("id");
            boolean deleted = Boolean.TRUE.equals(doc.get("deleted"));
            byte[] content = deleted ? new byte[0] : ((String) doc.get("content")).getBytes(StandardCharsets.UTF_8);
            if (deleted) {
                bucket.delete(knowledgeKey(userId, id));
            } else {
                bucket.put(knowledgeKey(userId, id), content);
            }
            db().prepare("""
                    INSERT INTO knowledge_documents (user_id, doc_id, title, content_hash, size, deleted, seq, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT COALESCE(MAX(seq), 0) + 1 FROM knowledge_documents WHERE user_id = ?1), ?7)
                    ON CONFLICT (user_id, doc_id) DO UPDATE SET title = excluded.title, content_hash = excluded.content_hash,
                      size = excluded.size, deleted = excluded.deleted, seq = excluded.seq, updated_at = excluded.updated_at""")
                    .bind(userId, id, doc.get("title") instanceof String t ? t : null, deleted ? "" : sha256(content), content.length,
                            deleted ? 1 : 0, now).run();
        }
        long cursor = ((Number) db().prepare("SELECT COALESCE(MAX(seq), 0) AS s FROM knowledge_documents WHERE user_id = ?")
                .bind(userId).first("s").orElse(0L)).longValue();
        return Response.json(Map.of("stored", checked.size(), "cursor", cursor));
    }

    private static String knowledgeKey(String userId, String docId) {
        return "users/" + userId + "/knowledge/" + docId;
    }

    // ---- history --------------------------------------------------------------------------------------

    /** {@code {action: "push", sessions: [{id, title?, messages}]}} or {@code {action: "pull", since}}. */
    @SuppressWarnings("unchecked")
    private Response history(Map<String, Object> body, String userId) {
        String action = Http.requiredString(body, "action", 8);
        if (action.equals("pull")) {
            long since = since(body);
            List<Map<String, Object>> rows = db().prepare("""
                    SELECT session_id, title, messages, seq, updated_at FROM chat_history WHERE user_id = ? AND seq > ?
                    ORDER BY seq LIMIT ?""").bind(userId, since, PULL_LIMIT + 1).all().results();
            List<Map<String, Object>> sessions = new ArrayList<>();
            long cursor = since;
            for (Map<String, Object> row : rows.subList(0, Math.min(rows.size(), PULL_LIMIT))) {
                sessions.add(Map.of("id", row.get("session_id"), "title", String.valueOf(row.get("title")),
                        "messages", Json.parse((String) row.get("messages"), List.class), "updated_at", row.get("updated_at")));
                cursor = ((Number) row.get("seq")).longValue();
            }
            return Response.json(Map.of("sessions", sessions, "cursor", cursor, "has_more", rows.size() > PULL_LIMIT));
        }
        if (!action.equals("push")) {
            throw new Http.Failure(400, "invalid_request", "action must be push or pull: " + action);
        }
        if (!(body.get("sessions") instanceof List<?> sessions)) {
            throw new Http.Failure(400, "invalid_request", "a push needs sessions (a list)");
        }
        List<Map<String, Object>> checked = new ArrayList<>();
        for (Object s : sessions) {
            if (!(s instanceof Map<?, ?> m) || !(m.get("messages") instanceof List<?>)) {
                throw new Http.Failure(400, "invalid_request", "each session needs id and messages (a list)");
            }
            String id = Http.requiredString((Map<String, Object>) m, "id", 128);
            if (!ID.matcher(id).matches()) {
                throw new Http.Failure(400, "invalid_request", "session id may use letters, digits, '.', '_' and '-': " + id);
            }
            checked.add((Map<String, Object>) m);
        }
        long now = System.currentTimeMillis();
        for (Map<String, Object> session : checked) {
            db().prepare("""
                    INSERT INTO chat_history (user_id, session_id, title, messages, seq, updated_at)
                    VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(seq), 0) + 1 FROM chat_history WHERE user_id = ?1), ?5)
                    ON CONFLICT (user_id, session_id) DO UPDATE SET title = excluded.title, messages = excluded.messages,
                      seq = excluded.seq, updated_at = excluded.updated_at""")
                    .bind(userId, session.get("id"), session.get("title") instanceof String t ? t : null,
                            Json.stringify(session.get("messages")), now).run();
        }
        return Response.json(Map.of("stored", checked.size()));
    }

    private static long since(Map<String, Object> body) {
        Object since = body.getOrDefault("since", 0);
        if (!(since instanceof Number n) || n.longValue() < 0) {
            throw new Http.Failure(400, "invalid_request", "'since' must be a cursor from an earlier answer (a number)");
        }
        return n.longValue();
    }

    // ---- LoRA -----------------------------------------------------------------------------------------

    /**
     * LoRA adapters in R2 {@code MODEL_CACHE}, streamed in both directions:
     * <ul>
     * <li>{@code POST /sync/lora/{name}} (up to 100 MiB, the request body limit) with {@code x-content-sha256};
     * <li>larger: {@code POST /sync/lora/{name}/uploads}, then {@code PUT .../uploads/{id}/parts/{n}} (each up
     * to 100 MiB), then {@code POST .../uploads/{id}/complete} {@code {parts: [{part_number, etag}], sha256}};
     * <li>{@code GET /sync/lora} lists, {@code GET /sync/lora/{name}} downloads.
     * </ul>
     */
    private Response lora(Request request, String userId, SyncLock state, String rest) {
        String method = request.method();
        String[] parts = rest.isEmpty() ? new String[0] : rest.substring(1).split("/", -1);
        if (parts.length == 0) {
            if (method.equals("GET")) {
                return Response.json(Map.of("adapters", db().prepare(
                        "SELECT name, sha256, size, updated_at FROM lora_adapters WHERE user_id = ? ORDER BY name").bind(userId).all().results()));
            }
            return Http.error(404, "not_found", "no endpoint " + method + " /sync/lora");
        }
        String name = parts[0];
        if (!ID.matcher(name).matches()) {
            throw new Http.Failure(400, "invalid_request", "LoRA name may use letters, digits, '.', '_' and '-': " + name);
        }
        String key = "users/" + userId + "/lora/" + name;
        R2Bucket bucket = env.r2("MODEL_CACHE");
        if (parts.length == 1 && method.equals("GET")) {
            R2ObjectBody object = bucket.get(key).orElseThrow(() -> new Http.Failure(404, "not_found", "no LoRA " + name));
            Headers.Builder headers = Headers.builder().add("content-type", "application/octet-stream");
            object.customMetadata().forEach((k, v) -> headers.add("x-content-" + k, v));
            return Response.of(200, headers.build(), Body.of(object.stream(), object.size()));
        }
        if (parts.length == 1 && method.equals("POST")) {
            return locked(state, "lora", holder -> {
                String sha256 = expectedSha256(request.header("x-content-sha256"));
                long length = contentLength(request);
                InputStream body = new LeaseKeeper(request.body().stream(), state, holder);
                R2Object stored;
                try {
                    stored = bucket.put(key, Body.of(body, length), R2PutOptions.NONE
                            .withChecksums(R2Checksums.of(R2Checksums.Algorithm.SHA256, sha256))
                            .withHttpMetadata(R2HttpMetadata.NONE)
                            .withCustomMetadata(Map.of("sha256", sha256))).orElseThrow();
                } catch (R2Exception e) {
                    throw r2Failure(e);
                }
                return Response.json(201, saved(userId, name, sha256, stored.size()));
            });
        }
        if (parts.length == 2 && parts[1].equals("uploads") && method.equals("POST")) {
            return locked(state, "lora", holder -> Response.json(201, Map.of("upload_id", bucket.createMultipartUpload(key).uploadId())));
        }
        if (parts.length == 5 && parts[1].equals("uploads") && parts[3].equals("parts") && method.equals("PUT")) {
            int partNumber = partNumber(parts[4]);
            return locked(state, "lora", holder -> {
                long length = contentLength(request);
                try {
                    R2UploadedPart part = bucket.resumeMultipartUpload(key, parts[2])
                            .uploadPart(partNumber, Body.of(new LeaseKeeper(request.body().stream(), state, holder), length));
                    return Response.json(Map.of("part_number", part.partNumber(), "etag", part.etag()));
                } catch (R2Exception e) {
                    throw r2Failure(e);
                }
            });
        }
        if (parts.length == 4 && parts[1].equals("uploads") && parts[3].equals("complete") && method.equals("POST")) {
            return locked(state, "lora", holder -> complete(Http.jsonObject(request), bucket, key, parts[2], userId, name, state, holder));
        }
        if (parts.length == 3 && parts[1].equals("uploads") && method.equals("DELETE")) {
            return locked(state, "lora", holder -> {
                try {
                    bucket.resumeMultipartUpload(key, parts[2]).abort();
                } catch (R2Exception e) {
                    throw r2Failure(e);
                }
                return Response.json(Map.of("aborted", parts[2]));
            });
        }
        return Http.error(404, "not_found", "no endpoint " + method + " /sync/lora" + rest);
    }

    /** Completes a multipart upload, then reads the object back to check its SHA-256; a mismatch deletes it. */
    @SuppressWarnings("unchecked")
    private Response complete(Map<String, Object> body, R2Bucket bucket, String key, String uploadId, String userId, String name,
            SyncLock state, String holder) {
        String sha256 = expectedSha256(Http.optionalString(body, "sha256"));
        if (!(body.get("parts") instanceof List<?> list) || list.isEmpty()) {
            throw new Http.Failure(400, "invalid_request", "complete needs parts: [{part_number, etag}, ...]");
        }
        List<R2UploadedPart> uploaded = new ArrayList<>();
        for (Object p : list) {
            if (!(p instanceof Map<?, ?> m) || !(m.get("part_number") instanceof Number n) || !(m.get("etag") instanceof String etag)) {
                throw new Http.Failure(400, "invalid_request", "each part needs part_number and etag");
            }
            uploaded.add(new R2UploadedPart(n.intValue(), etag));
        }
        R2MultipartUpload upload = bucket.resumeMultipartUpload(key, uploadId);
        R2Object object;
        try {
            object = upload.complete(uploaded);
        } catch (R2Exception e) {
            throw r2Failure(e);
        }
        String actual;
        try (R2ObjectBody content = bucket.get(key).orElseThrow();
                InputStream in = new LeaseKeeper(content.stream(), state, holder)) {
            actual = sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!actual.equalsIgnoreCase(sha256)) {
            bucket.delete(key);
            throw new Http.Failure(422, "hash_mismatch", "the assembled LoRA has sha256 " + actual + ", not " + sha256 + "; it was discarded");
        }
        return Response.json(201, saved(userId, name, actual, object.size()));
    }

    private Map<String, Object> saved(String userId, String name, String sha256, long size) {
        long now = System.currentTimeMillis();
        db().prepare("""
                INSERT INTO lora_adapters (user_id, name, sha256, size, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id, name) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, updated_at = excluded.updated_at""")
                .bind(userId, name, sha256.toLowerCase(java.util.Locale.ROOT), size, now).run();
        return Map.of("name", name, "sha256", sha256.toLowerCase(java.util.Locale.ROOT), "size", size, "updated_at", now);
    }

    private static Http.Failure r2Failure(R2Exception e) {
        if (e.error() == R2Error.BadDigest) {
            return new Http.Failure(422, "hash_mismatch", "the content does not match x-content-sha256; nothing was stored");
        }
        if (e.error() == R2Error.NoSuchUpload) {
            return new Http.Failure(404, "not_found", "no such upload");
        }
        return new Http.Failure(e.error().status() >= 500 ? 502 : 400, "storage_error", e.getMessage());
    }

    private static String expectedSha256(Optional<String> header) {
        String value = header.orElseThrow(() -> new Http.Failure(400, "invalid_request", "the SHA-256 of the content is required (hex)"));
        if (!value.matches("[0-9a-fA-F]{64}")) {
            throw new Http.Failure(400, "invalid_request", "the SHA-256 must be 64 hex digits: " + value);
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    private static long contentLength(Request request) {
        return request.header("content-length").map(Long::parseLong).orElseThrow(() -> new Http.Failure(411, "length_required",
                "send Content-Length (at most 100 MiB per request; use the multipart upload above that)"));
    }

    private static int partNumber(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new Http.Failure(400, "invalid_request", "part number must be 1 to 10000: " + text);
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renews the sync lease while a long stream is read; fails the stream if the lock was lost. */
    private final class LeaseKeeper extends FilterInputStream {
        private final SyncLock state;
        private final String holder;
        private long renewedAt = System.currentTimeMillis();

        LeaseKeeper(InputStream in, SyncLock state, String holder) {
            super(in);
            this.state = state;
            this.holder = holder;
        }

        @Override
        public int read() throws IOException {
            keep();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            keep();
            return super.read(b, off, len);
        }

        private void keep() throws IOException {
            long now = System.currentTimeMillis();
            if (now - renewedAt >= leaseMs / 3) { // renewed well before it runs out, so a long upload keeps the lock
                if (!state.renew(holder, leaseMs)) {
                    throw new IOException("the sync lock was lost (lease expired and taken by another sync)");
                }
                renewedAt = now;
            }
        }
    }
}

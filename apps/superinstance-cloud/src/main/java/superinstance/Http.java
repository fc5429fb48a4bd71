package superinstance;

import dev.kiln.api.Json;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Small HTTP helpers shared by the handlers: JSON errors, bearer tokens, request bodies. */
final class Http {

    private Http() {
    }

    /** A client error carrying its answer; handlers throw it and the worker turns it into the response. */
    static final class Failure extends RuntimeException {
        final int status;
        final String type;
        final Map<String, String> headers;
        final Map<String, Object> extra;

        Failure(int status, String type, String message) {
            this(status, type, message, Map.of(), Map.of());
        }

        Failure(int status, String type, String message, Map<String, String> headers, Map<String, Object> extra) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
            this.headers = headers;
            this.extra = extra;
        }

        Response response() {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", type);
            error.put("message", getMessage());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.putAll(extra);
            Response.Builder out = Response.json(status, body).toBuilder();
            headers.forEach(out::header);
            return out.build();
        }
    }

    static Response error(int status, String type, String message) {
        return new Failure(status, type, message).response();
    }

    /** @return the token of an {@code Authorization: Bearer} header, or "" */
    static String bearer(Request request) {
        return request.header("authorization").filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim()).orElse("");
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the body as a JSON object, or a 400 */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(Request request) {
        Object parsed;
        try {
            parsed = Json.decode(request.bytes(), Object.class);
        } catch (IllegalArgumentException e) {
            throw new Failure(400, "invalid_json", "the body is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new Failure(400, "invalid_json", "the body must be a JSON object");
        }
        return (Map<String, Object>) map;
    }

    static String requiredString(Map<String, Object> body, String field, int maxLength) {
        if (!(body.get(field) instanceof String s) || s.isBlank()) {
            throw new Failure(400, "invalid_request", "'" + field + "' is required (a non-empty string)");
        }
        if (s.length() > maxLength) {
            throw new Failure(400, "invalid_request", "'" + field + "' is longer than " + maxLength + " characters: " + s.length());
        }
        return s;
    }

    static Optional<String> optionalString(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw new Failure(400, "invalid_request", "'" + field + "' must be a string");
        }
        return Optional.of(s);
    }
}

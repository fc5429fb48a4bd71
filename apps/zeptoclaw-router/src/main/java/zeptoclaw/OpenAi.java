package zeptoclaw;

import dev.kiln.api.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** OpenAI-shaped error bodies: {@code {"error": {"message", "type", "param", "code"}}}. */
final class OpenAi {

    private OpenAi() {
    }

    static Response error(int status, String message, String type, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        return Response.json(status, body);
    }
}

package superinstance;

import dev.kiln.api.Env;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/status}: whether each provider is configured and reachable, and whether storage answers. */
final class Status {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private Status() {
    }

    static Map<String, Object> check(Env env, ExecutionContext ctx) {
        Map<String, Object> providers = new LinkedHashMap<>();
        providers.put("anthropic", probe(env, ctx, "ANTHROPIC_API_KEY", env.optionalVar("ANTHROPIC_BASE_URL").orElse("https://api.anthropic.com")));
        providers.put("openai", probe(env, ctx, "OPENAI_API_KEY", env.optionalVar("OPENAI_BASE_URL").orElse("https://api.openai.com")));
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("d1", attempt(() -> env.d1("DB").prepare("SELECT 1").first()));
        storage.put("kv", attempt(() -> env.kv("API_KEYS").get("status-probe")));
        storage.put("r2", attempt(() -> env.r2("KNOWLEDGE_STORE").head("status-probe")));
        boolean ok = storage.values().stream().allMatch("ok"::equals)
                && providers.values().stream().anyMatch(p -> Boolean.TRUE.equals(((Map<?, ?>) p).get("reachable")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", ok ? "ok" : "degraded");
        out.put("providers", providers);
        out.put("storage", storage);
        return out;
    }

    /** Any HTTP answer from the provider's model list counts as reachable; its status is reported. */
    private static Map<String, Object> probe(Env env, ExecutionContext ctx, String keyName, String baseUrl) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean configured = CloudWorker.secret(env, keyName).isPresent();
        out.put("configured", configured);
        if (!configured) {
            out.put("reachable", false);
            return out;
        }
        String url = (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/v1/models";
        try {
            Response response = ctx.fetch(Request.get(url), PROBE_TIMEOUT);
            response.body().bytes();
            out.put("reachable", true);
            out.put("http_status", response.status());
        } catch (UncheckedIOException e) {
            out.put("reachable", false);
            out.put("error", e.getMessage());
        }
        return out;
    }

    private static String attempt(Runnable probe) {
        try {
            probe.run();
            return "ok";
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }
}

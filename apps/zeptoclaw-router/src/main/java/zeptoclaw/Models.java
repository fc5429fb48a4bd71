package zeptoclaw;

import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /v1/models}: the union of every gateway's {@code /models}, by id. Each gateway's list is cached
 * for {@link #FRESH_MS}; a gateway that is down is answered for from its last list.
 */
final class Models {

    static final long FRESH_MS = 30_000;

    private record Cached(List<Map<String, Object>> models, long fetchedAt) {
    }

    private final List<String> gateways;
    private final Optional<String> apiKey;
    private final Duration timeout;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    Models(List<String> gateways, Optional<String> apiKey, long timeoutMs) {
        this.gateways = gateways;
        this.apiKey = apiKey;
        this.timeout = Duration.ofMillis(timeoutMs);
    }

    Response list(ExecutionContext ctx) {
        long now = System.currentTimeMillis();
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        int answered = 0;
        for (String gateway : gateways) {
            Cached cached = cache.get(gateway);
            if (cached == null || now - cached.fetchedAt() > FRESH_MS) {
                Optional<List<Map<String, Object>>> fresh = fetch(gateway, ctx);
                if (fresh.isPresent()) {
                    cached = new Cached(fresh.get(), now);
                    cache.put(gateway, cached);
                }
            }
            if (cached != null) {
                answered++;
                cached.models().forEach(m -> byId.putIfAbsent(String.valueOf(m.get("id")), m));
            }
        }
        if (answered == 0) {
            return OpenAi.error(503, "No gateway answered /models and none was cached", "upstream_error", "gateways_unavailable");
        }
        return Response.json(Map.of("object", "list", "data", new ArrayList<>(byId.values())));
    }

    List<String> cachedIds() {
        List<String> ids = new ArrayList<>();
        for (String gateway : gateways) {
            Cached cached = cache.get(gateway);
            if (cached != null) {
                cached.models().forEach(m -> {
                    String id = String.valueOf(m.get("id"));
                    if (!ids.contains(id)) {
                        ids.add(id);
                    }
                });
            }
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private Optional<List<Map<String, Object>>> fetch(String gateway, ExecutionContext ctx) {
        Request.Builder request = Request.builder(gateway + "/models");
        apiKey.ifPresent(key -> request.header("authorization", "Bearer " + key));
        try {
            Response response = ctx.fetch(request.build(), timeout);
            if (!response.ok()) {
                response.body().stream().close();
                return Optional.empty();
            }
            Object data = response.json(Map.class).get("data");
            return data instanceof List<?> list ? Optional.of((List<Map<String, Object>>) list) : Optional.empty();
        } catch (UncheckedIOException | IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }
}

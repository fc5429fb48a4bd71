package zeptoclaw;

import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /v1/models}: the union of every gateway's {@code /models}, by id. Each gateway's list is cached
 * for {@link #FRESH_MS}; a gateway that is down is answered for from its last list. The lists are also fetched
 * after any other request finds them missing or stale ({@link #refreshInBackground}) and by the active probes,
 * so {@code /health} lists models from the first request on.
 */
final class Models {

    static final long FRESH_MS = 30_000;

    private record Cached(List<Map<String, Object>> models, long fetchedAt) {
    }

    private final List<String> gateways;
    private final Optional<String> apiKey;
    private final Duration timeout;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** When each gateway's list was last asked for, answered or not: a background refresh waits FRESH_MS after it. */
    private final Map<String, Long> askedAt = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();

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
                refresh(gateway, ctx);
                cached = cache.get(gateway);
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

    /**
     * Fetches, after the response, the lists not asked for within {@link #FRESH_MS}; one such refresh runs at a
     * time. A gateway that does not answer is asked again only after FRESH_MS, so traffic never hammers it.
     */
    void refreshInBackground(ExecutionContext ctx) {
        long now = System.currentTimeMillis();
        List<String> due = gateways.stream().filter(g -> now - askedAt.getOrDefault(g, 0L) >= FRESH_MS).toList();
        if (due.isEmpty() || !refreshing.compareAndSet(false, true)) {
            return;
        }
        ctx.waitUntil(() -> {
            try {
                due.forEach(gateway -> refresh(gateway, ctx));
            } finally {
                refreshing.set(false);
            }
        });
    }

    /**
     * Asks the gateway for {@code /models}; a list in the answer replaces the cached one.
     *
     * @return why the gateway did not answer (connection failure, timeout, 5xx, 429), or empty if it answered
     *     (any other status counts: the gateway is up)
     */
    @SuppressWarnings("unchecked")
    Optional<String> refresh(String gateway, ExecutionContext ctx) {
        askedAt.put(gateway, System.currentTimeMillis());
        Request.Builder request = Request.builder(gateway + "/models");
        apiKey.ifPresent(key -> request.header("authorization", "Bearer " + key));
        Response response;
        try {
            response = ctx.fetch(request.build(), timeout);
        } catch (UncheckedIOException e) {
            return Optional.of(e.getCause() instanceof HttpTimeoutException
                    ? "timeout: no response within " + timeout.toMillis() + " ms" : "connection failed: " + e.getMessage());
        }
        try {
            if (response.status() >= 500 || response.status() == 429) {
                return Optional.of("HTTP " + response.status());
            }
            if (response.ok() && response.json(Map.class).get("data") instanceof List<?> list) {
                cache.put(gateway, new Cached((List<Map<String, Object>>) list, System.currentTimeMillis()));
            }
            return Optional.empty();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return Optional.empty(); // it answered, with a body we cannot use as a model list
        } finally {
            closeQuietly(response);
        }
    }

    private static void closeQuietly(Response response) {
        try {
            response.body().stream().close();
        } catch (IOException | UncheckedIOException | IllegalStateException ignored) {
            // read already, or nothing left to release
        }
    }
}

package zeptoclaw;

import dev.kiln.api.Env;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Json;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.api.ScheduledController;
import dev.kiln.api.Worker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ZeptoClaw router: an OpenAI-compatible API in front of the ZeptoClaw gateways, with failover and
 * health tracking ({@link ChatProxy}, {@link Gateways}), the local agent's heartbeats, downtime and incidents
 * ({@link AgentState}), and the state and health views. See the app's README for the endpoints.
 */
public final class RouterWorker implements Worker {

    private final AtomicBoolean warnedOpen = new AtomicBoolean();
    private volatile Parts parts;

    /** The long-lived parts, built from env on first use (one instance per worker version). */
    private record Parts(Gateways gateways, AgentState agent, ChatProxy chat, Models models, long probeIntervalMs) {
    }

    private Parts parts(Env env) {
        Parts p = parts;
        if (p == null) {
            synchronized (this) {
                p = parts;
                if (p == null) {
                    List<String> urls = gatewayUrls(env);
                    Gateways gateways = new Gateways(urls, env.kv("GATEWAY_HEALTH"));
                    long timeoutMs = number(env, "ZEPTOCLAW_UPSTREAM_TIMEOUT_MS", 30_000, 1);
                    long streamIdleTimeoutMs = number(env, "ZEPTOCLAW_STREAM_IDLE_TIMEOUT_MS", 30_000, 1);
                    long heartbeatTimeout = number(env, "ZEPTOCLAW_HEARTBEAT_TIMEOUT_SECONDS", 300, 1);
                    long probeInterval = number(env, "ZEPTOCLAW_PROBE_INTERVAL_SECONDS", 0, 0);
                    AgentState agent = new AgentState(env.kv("ZEPTOCLAW_STATE"), heartbeatTimeout * 1000);
                    Optional<String> apiKey = env.optionalVar("ZEPTOCLAW_API_KEY").filter(s -> !s.isBlank());
                    p = new Parts(gateways, agent, new ChatProxy(gateways, apiKey, timeoutMs, streamIdleTimeoutMs),
                            new Models(urls, apiKey, timeoutMs), probeInterval * 1000);
                    parts = p;
                }
            }
        }
        return p;
    }

    /** @return the var as a whole number, or the default when it is not set */
    private static long number(Env env, String name, long defaultValue, long minimum) {
        Optional<String> raw = env.optionalVar(name).map(String::trim).filter(v -> !v.isEmpty());
        long value;
        try {
            value = raw.map(Long::parseLong).orElse(defaultValue);
        } catch (NumberFormatException e) {
            value = Long.MIN_VALUE;
        }
        if (value < minimum) {
            throw new IllegalStateException(name + " must be a whole number of at least " + minimum + ", not \"" + raw.orElse("") + "\"");
        }
        return value;
    }

    static List<String> gatewayUrls(Env env) {
        String raw = env.optionalVar("ZEPTOCLAW_GATEWAY_URLS").filter(s -> !s.isBlank())
                .or(() -> env.optionalVar("ZEPTOCLAW_GATEWAY_URL"))
                .orElseThrow(() -> new IllegalStateException("set ZEPTOCLAW_GATEWAY_URLS (or ZEPTOCLAW_GATEWAY_URL)"));
        List<String> urls = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).distinct().toList();
        if (urls.isEmpty()) {
            throw new IllegalStateException("ZEPTOCLAW_GATEWAY_URLS lists no gateway");
        }
        return urls;
    }

    @Override
    public Response fetch(Request request, Env env, ExecutionContext ctx) {
        Parts p = parts(env);
        String path = request.path();
        String method = request.method();
        long now = System.currentTimeMillis();
        if (!path.equals("/v1/models")) {
            p.models().refreshInBackground(ctx); // /v1/models fetches what it needs itself
        }
        if (path.startsWith("/v1/")) {
            Optional<Response> denied = checkClientKey(request, env, ctx);
            if (denied.isPresent()) {
                return denied.get();
            }
            if (path.equals("/v1/chat/completions") && method.equals("POST")) {
                return p.chat().complete(request, ctx);
            }
            if (path.equals("/v1/models") && method.equals("GET")) {
                return p.models().list(ctx);
            }
            return OpenAi.error(404, "Unknown endpoint " + method + " " + path, "invalid_request_error", "unknown_url");
        }
        return switch (method + " " + path) {
            case "POST /heartbeat" -> admin(request, env).orElseGet(() -> heartbeat(request, p, now));
            case "GET /state" -> Response.json(state(p, now));
            case "POST /state/reset" -> admin(request, env).orElseGet(() -> {
                p.agent().reset();
                return Response.json(Map.of("reset", "state"));
            });
            case "POST /gateway/incident" -> admin(request, env).orElseGet(() -> incident(request, p, now));
            case "GET /gateway/incidents" -> Response.json(Map.of("incidents", p.agent().incidents()));
            case "DELETE /gateway/incidents" -> admin(request, env).orElseGet(() -> {
                p.agent().clearIncidents();
                return Response.json(Map.of("cleared", true));
            });
            case "GET /health" -> health(p, now);
            case "POST /health/reset" -> admin(request, env).orElseGet(() -> {
                p.gateways().reset(ctx);
                return Response.json(Map.of("reset", "health"));
            });
            default -> Response.json(404, Map.of("error", "not found: " + method + " " + path));
        };
    }

    /**
     * Cron: record a downtime when the agent's heartbeat is overdue, then probe the gateways that are cooling
     * down or idle ({@code ZEPTOCLAW_PROBE_INTERVAL_SECONDS}, 0 = no probes): {@code GET /models} on each, whose
     * answer also refreshes its model list.
     */
    @Override
    public void scheduled(ScheduledController controller, Env env, ExecutionContext ctx) {
        Parts p = parts(env);
        if (p.agent().detectDowntime(System.currentTimeMillis())) {
            ctx.console().warn("no heartbeat from the local agent within the timeout: downtime recorded");
        }
        if (p.probeIntervalMs() == 0) {
            return;
        }
        for (String gateway : p.gateways().claimProbes(controller.scheduledTime().toEpochMilli(), p.probeIntervalMs())) {
            Optional<String> failure = p.models().refresh(gateway, ctx);
            p.gateways().probed(gateway, failure, ctx);
            failure.ifPresent(reason -> ctx.console().warn("probe of " + gateway + " failed: " + reason));
        }
    }

    private Optional<Response> checkClientKey(Request request, Env env, ExecutionContext ctx) {
        Optional<String> keys = env.optionalVar("ZEPTOCLAW_CLIENT_KEYS").filter(s -> !s.isBlank());
        if (keys.isEmpty()) {
            if (warnedOpen.compareAndSet(false, true)) {
                ctx.console().warn("ZEPTOCLAW_CLIENT_KEYS is not set: /v1/* is open to any client");
            }
            return Optional.empty();
        }
        String presented = bearer(request);
        boolean ok = Arrays.stream(keys.get().split(",")).map(String::trim).filter(k -> !k.isEmpty())
                .anyMatch(k -> MessageDigest.isEqual(k.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8)));
        return ok ? Optional.empty() : Optional.of(OpenAi.error(401,
                presented.isEmpty() ? "Missing API key: send Authorization: Bearer <key>" : "Incorrect API key provided",
                "invalid_request_error", "invalid_api_key"));
    }

    /** Heartbeats, incident reports and resets need ZEPTOCLAW_ADMIN_TOKEN; without one configured they are refused. */
    private static Optional<Response> admin(Request request, Env env) {
        Optional<String> token = env.optionalVar("ZEPTOCLAW_ADMIN_TOKEN").filter(s -> !s.isBlank());
        if (token.isEmpty()) {
            return Optional.of(Response.json(403, Map.of("error", "ZEPTOCLAW_ADMIN_TOKEN is not configured; admin endpoints are disabled")));
        }
        String presented = bearer(request);
        if (!MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(Response.json(401, Map.of("error", "admin token required: Authorization: Bearer <ZEPTOCLAW_ADMIN_TOKEN>")));
        }
        return Optional.empty();
    }

    /** @return the token of an {@code Authorization: Bearer} header, or "" */
    private static String bearer(Request request) {
        return request.header("authorization").filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim()).orElse("");
    }

    private static Response heartbeat(Request request, Parts p, long now) {
        Map<String, Object> beat = jsonObject(request);
        if (beat == null || !(beat.get("agentId") instanceof String) || !(beat.get("status") instanceof String)) {
            return Response.json(400, Map.of("error", "expected JSON {agentId, status, gatewayStatus?, metadata?}"));
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("agentId", beat.get("agentId"));
        kept.put("status", beat.get("status"));
        kept.put("gatewayStatus", beat.getOrDefault("gatewayStatus", "unknown"));
        if (beat.get("metadata") != null) {
            kept.put("metadata", beat.get("metadata"));
        }
        return Response.json(p.agent().heartbeat(kept, now));
    }

    private static Response incident(Request request, Parts p, long now) {
        Map<String, Object> report = jsonObject(request);
        if (report == null || !(report.get("message") instanceof String)) {
            return Response.json(400, Map.of("error", "expected JSON {message, gateway?, type?, severity?}"));
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("gateway", report.getOrDefault("gateway", null));
        kept.put("type", report.getOrDefault("type", "incident"));
        kept.put("severity", report.getOrDefault("severity", "warning"));
        kept.put("message", report.get("message"));
        return Response.json(201, p.agent().reportIncident(kept, now));
    }

    private static Map<String, Object> state(Parts p, long now) {
        Map<String, Object> out = new LinkedHashMap<>(p.agent().json(now));
        List<Map<String, Object>> gateways = p.gateways().json(now);
        out.put("gateways", gateways);
        long requests = gateways.stream().mapToLong(g -> ((Number) g.get("totalRequests")).longValue()).sum();
        long failures = gateways.stream().mapToLong(g -> ((Number) g.get("totalFailures")).longValue()).sum();
        out.put("successRate", requests == 0 ? 1.0 : Math.round(1000.0 * (requests - failures) / requests) / 1000.0);
        out.put("averageLatencyMs", gateways.stream().filter(g -> ((Number) g.get("latencyAvgMs")).doubleValue() > 0)
                .mapToDouble(g -> ((Number) g.get("latencyAvgMs")).doubleValue()).average().orElse(0));
        out.put("incidentCount", p.agent().incidents().size());
        return out;
    }

    private static Response health(Parts p, long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", p.gateways().overall(now));
        out.put("gateways", p.gateways().json(now).stream().map(g -> {
            Map<String, Object> brief = new LinkedHashMap<>();
            for (String k : List.of("url", "healthy", "consecutiveFailures", "cooldownRemainingMs", "latencyAvgMs", "latencyP95Ms", "successRate")) {
                brief.put(k, g.get(k));
            }
            return brief;
        }).toList());
        out.put("models", p.models().cachedIds());
        return Response.json(out);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(Request request) {
        try {
            Object parsed = Json.decode(request.bytes(), Object.class);
            return parsed instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package superinstance;

import dev.kiln.api.D1Database;
import dev.kiln.api.Env;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.api.ScheduledController;
import dev.kiln.api.Worker;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import superinstance.RequestCounter.Decision;

/**
 * The SuperInstance cloud API: escalation to Anthropic or OpenAI (whole or streamed), API keys, the per-key
 * rate limit, billing with Stripe top-ups, chat sessions, and device sync. See the app's README.
 */
public final class CloudWorker implements Worker {

    private volatile Parts parts;

    /** What lives as long as the worker version, built from env on first use. */
    private record Parts(ApiKeys keys, RateLimiter limiter, Escalations escalations, Set<String> corsOrigins, Sync sync) {
    }

    private Parts parts(Env env) {
        Parts p = parts;
        if (p == null) {
            synchronized (this) {
                p = parts;
                if (p == null) {
                    p = build(env);
                    parts = p;
                }
            }
        }
        return p;
    }

    private static Parts build(Env env) {
        Duration timeout = Duration.ofMillis(Long.parseLong(env.optionalVar("PROVIDER_TIMEOUT_MS").orElse("60000")));
        Map<String, Provider> providers = new LinkedHashMap<>();
        secret(env, "ANTHROPIC_API_KEY").ifPresent(key -> providers.put("anthropic",
                new Anthropic(env.optionalVar("ANTHROPIC_BASE_URL").orElse("https://api.anthropic.com"), key, timeout)));
        secret(env, "OPENAI_API_KEY").ifPresent(key -> providers.put("openai",
                new OpenAi(env.optionalVar("OPENAI_BASE_URL").orElse("https://api.openai.com"), key, timeout)));
        Pricing pricing = Pricing.fromVar(env.optionalVar("MODEL_PRICES"));
        D1Database db = env.d1("DB");
        Escalations escalations = new Escalations(pricing, env.optionalVar("DEFAULT_MODEL").orElse("claude-3-5-sonnet-20241022"),
                providers, env.durableObject("BILLING_LEDGER"), env.durableObject("SESSION_STATE"), db, env);
        Set<String> origins = Arrays.stream(env.optionalVar("CORS_ORIGINS").orElse("").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        int limit = Integer.parseInt(env.optionalVar("RATE_LIMIT_PER_MINUTE").orElse("100"));
        return new Parts(new ApiKeys(env.kv("API_KEYS")), new RateLimiter(env.durableObject("RATE_LIMITER"), limit),
                escalations, origins, new Sync(env));
    }

    static Optional<String> secret(Env env, String name) {
        return env.optionalVar(name).filter(s -> !s.isBlank());
    }

    @Override
    public Response fetch(Request request, Env env, ExecutionContext ctx) {
        Parts p = parts(env);
        Optional<String> origin = request.header("origin").filter(p.corsOrigins()::contains);
        if (request.method().equals("OPTIONS")) {
            return cors(Response.builder(204).header("access-control-allow-methods", "GET, POST, DELETE, OPTIONS")
                    .header("access-control-allow-headers", "authorization, content-type")
                    .header("access-control-max-age", "86400").build(), origin);
        }
        return cors(answered(() -> route(request, env, ctx, p)), origin);
    }

    /** Runs a handler, turning the failures it may throw into their answers. */
    private static Response answered(java.util.function.Supplier<Response> handler) {
        try {
            return handler.get();
        } catch (Http.Failure e) {
            return e.response();
        } catch (Provider.ProviderException e) {
            return Http.error(e.status, e.type, e.getMessage());
        } catch (Session.NotFound e) {
            return Http.error(404, "not_found", e.getMessage());
        }
    }

    private Response route(Request request, Env env, ExecutionContext ctx, Parts p) {
        String path = request.path();
        String method = request.method();
        if (path.startsWith("/v1/")) {
            ApiKeys.Owner owner = p.keys().verify(Http.bearer(request)).orElseThrow(() -> new Http.Failure(401, "invalid_api_key",
                    Http.bearer(request).isEmpty() ? "missing API key: send Authorization: Bearer <key>" : "invalid or revoked API key"));
            Decision decision = p.limiter().take(owner.keyHash());
            Map<String, String> limitHeaders = Map.of("x-ratelimit-limit", Integer.toString(decision.limit()),
                    "x-ratelimit-remaining", Integer.toString(decision.remaining()),
                    "x-ratelimit-reset", Long.toString(Math.ceilDiv(decision.resetAtMs(), 1000)));
            if (!decision.allowed()) {
                long retryAfter = Math.max(1, Math.ceilDiv(decision.resetAtMs() - System.currentTimeMillis(), 1000));
                Map<String, String> headers = new LinkedHashMap<>(limitHeaders);
                headers.put("retry-after", Long.toString(retryAfter));
                throw new Http.Failure(429, "rate_limited", "more than " + decision.limit() + " requests in a minute for this API key; retry in "
                        + retryAfter + " s", headers, Map.of());
            }
            Response.Builder out = answered(() -> v1(request, env, ctx, p, owner.userId())).toBuilder();
            limitHeaders.forEach(out::header);
            return out.build();
        }
        if (path.startsWith("/sync/")) {
            return p.sync().handle(request, ctx);
        }
        if (path.startsWith("/admin/")) {
            return admin(request, env, p);
        }
        return switch (method + " " + path) {
            case "GET /health" -> Response.json(Map.of("status", "ok", "environment", env.optionalVar("ENVIRONMENT").orElse("development")));
            case "POST /webhooks/stripe" -> stripe(request, env, p);
            default -> Http.error(404, "not_found", "no endpoint " + method + " " + path);
        };
    }

    private Response v1(Request request, Env env, ExecutionContext ctx, Parts p, String userId) {
        String path = request.path();
        String method = request.method();
        Escalations escalations = p.escalations();
        if (path.startsWith("/v1/sessions")) {
            return sessions(request, env, userId);
        }
        return switch (method + " " + path) {
            case "POST /v1/escalate" -> escalations.escalate(request, userId, ctx);
            case "POST /v1/stream" -> escalations.stream(request, userId, ctx);
            case "GET /v1/usage" -> {
                String period = request.queryParam("period").orElse("month");
                if (!List.of("day", "week", "month", "all").contains(period)) {
                    throw new Http.Failure(400, "invalid_request", "period must be day, week, month or all: " + period);
                }
                yield Response.json(escalations.ledger(userId).usage(period));
            }
            case "GET /v1/balance" -> Response.json(escalations.ledger(userId).balance());
            case "GET /v1/status" -> Response.json(Status.check(env, ctx));
            default -> Http.error(404, "not_found", "no endpoint " + method + " " + path);
        };
    }

    private static Response sessions(Request request, Env env, String userId) {
        String[] parts = request.path().substring("/v1/sessions".length()).split("/", -1);
        String method = request.method();
        if (parts.length == 1 && parts[0].isEmpty()) {
            if (method.equals("GET")) {
                List<Map<String, Object>> rows = env.d1("DB").prepare("""
                        SELECT session_id, title, message_count, created_at, updated_at FROM sessions
                        WHERE user_id = ? ORDER BY updated_at DESC, session_id LIMIT 500""").bind(userId).all().results();
                return Response.json(Map.of("sessions", rows));
            }
            if (method.equals("POST")) {
                String id = UUID.randomUUID().toString();
                return Response.json(201, session(env, id).create(userId));
            }
        } else if (parts.length >= 2 && parts[0].isEmpty() && !parts[1].isEmpty()) {
            Session session = session(env, parts[1]);
            String action = parts.length == 3 ? parts[2] : "";
            switch (method + " " + action) {
                case "GET " -> {
                    return Response.json(session.get(userId));
                }
                case "DELETE " -> {
                    session.delete(userId);
                    return Response.json(Map.of("deleted", parts[1]));
                }
                case "POST messages" -> {
                    Map<String, Object> body = Http.jsonObject(request);
                    String role = Http.requiredString(body, "role", 16);
                    if (!List.of("user", "assistant", "system").contains(role)) {
                        throw new Http.Failure(400, "invalid_request", "role must be user, assistant or system: " + role);
                    }
                    return Response.json(session.addMessage(userId, role, Http.requiredString(body, "content", 200_000), false));
                }
                case "POST context" -> {
                    Map<String, Object> body = Http.jsonObject(request);
                    Map<String, Object> context = new LinkedHashMap<>();
                    Http.optionalString(body, "pathos_framing").ifPresent(v -> context.put("pathos_framing", v));
                    for (String list : List.of("local_knowledge", "constraints")) {
                        if (body.get(list) != null) {
                            if (!(body.get(list) instanceof List<?> l) || l.stream().anyMatch(v -> !(v instanceof String))) {
                                throw new Http.Failure(400, "invalid_request", "'" + list + "' must be a list of strings");
                            }
                            context.put(list, body.get(list));
                        }
                    }
                    return Response.json(session.setContext(userId, context));
                }
                case "POST clear" -> {
                    return Response.json(session.clear(userId));
                }
                default -> {
                }
            }
        }
        return Http.error(404, "not_found", "no endpoint " + method + " " + request.path());
    }

    private static Session session(Env env, String id) {
        if (id.length() > 128) {
            throw new Http.Failure(400, "invalid_request", "session id longer than 128 characters");
        }
        return env.durableObject("SESSION_STATE").getByName(id).rpc(Session.class);
    }

    /** Admin endpoints need the ADMIN_TOKEN secret; without one configured they are disabled. */
    private static Response admin(Request request, Env env, Parts p) {
        String token = secret(env, "ADMIN_TOKEN").orElseThrow(() -> new Http.Failure(403, "admin_disabled",
                "ADMIN_TOKEN is not configured; admin endpoints are disabled"));
        if (!Http.constantTimeEquals(token, Http.bearer(request))) {
            throw new Http.Failure(401, "invalid_admin_token", "admin token required: Authorization: Bearer <ADMIN_TOKEN>");
        }
        String path = request.path();
        String method = request.method();
        if (method.equals("POST") && path.equals("/admin/api-keys")) {
            String userId = Http.requiredString(Http.jsonObject(request), "user_id", 128);
            ApiKeys.Created created = p.keys().create(userId, System.currentTimeMillis());
            return Response.json(201, Map.of("key", created.key(), "prefix", created.prefix(), "user_id", userId,
                    "created_at", created.createdAt()));
        }
        if (method.equals("DELETE") && path.startsWith("/admin/api-keys/")) {
            String prefix = path.substring("/admin/api-keys/".length());
            if (!p.keys().revoke(prefix)) {
                throw new Http.Failure(404, "not_found", "no API key with prefix " + prefix);
            }
            return Response.json(Map.of("revoked", prefix));
        }
        if (method.equals("POST") && path.matches("/admin/users/[^/]+/flush")) {
            String userId = path.split("/")[3];
            return Response.json(p.escalations().ledger(userId).flush());
        }
        return Http.error(404, "not_found", "no endpoint " + method + " " + path);
    }

    private static Response stripe(Request request, Env env, Parts p) {
        String secret = secret(env, "STRIPE_WEBHOOK_SECRET").orElseThrow(() -> new Http.Failure(503, "payments_disabled",
                "STRIPE_WEBHOOK_SECRET is not configured"));
        byte[] payload = request.bytes();
        new StripeWebhook(secret).verify(request.header("stripe-signature").orElse(null), payload, System.currentTimeMillis() / 1000);
        Optional<StripeWebhook.TopUp> topUp = StripeWebhook.topUp(payload);
        if (topUp.isEmpty()) {
            return Response.json(Map.of("received", true, "applied", false));
        }
        Map<String, Object> result = p.escalations().ledger(topUp.get().userId()).topup(topUp.get().reference(), topUp.get().amountMicros());
        return Response.json(Map.of("received", true, "applied", result.get("applied"), "user_id", topUp.get().userId()));
    }

    /** Every minute: usage kept in the outbox that has not reached its ledger is replayed. */
    @Override
    public void scheduled(ScheduledController controller, Env env, ExecutionContext ctx) {
        int replayed = parts(env).escalations().replayOutbox(ctx);
        if (replayed > 0) {
            ctx.console().log("replayed " + replayed + " usage records from usage_outbox");
        }
    }

    private static Response cors(Response response, Optional<String> origin) {
        if (origin.isEmpty()) {
            return response;
        }
        return response.toBuilder().header("access-control-allow-origin", origin.get()).header("vary", "Origin").build();
    }
}

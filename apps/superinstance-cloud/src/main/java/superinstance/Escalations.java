package superinstance;

import dev.kiln.api.D1Database;
import dev.kiln.api.DurableObjectNamespace;
import dev.kiln.api.Env;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Json;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import superinstance.Ledger.UsageEvent;
import superinstance.Provider.Completion;
import superinstance.Provider.Prompt;
import superinstance.Provider.ProviderException;

/**
 * {@code POST /v1/escalate} and {@code POST /v1/stream}: build the prompt from the request's context, call the
 * chosen provider, answer (whole or as server-sent events), and record the usage in the caller's ledger after
 * the response, exactly once per {@code request_id}. The usage is made durable before the response (or the
 * stream's {@code done}) is released: a row in D1's {@code usage_outbox}, which the ledger recording after the
 * response deletes and the cron replays if that never happened (a crash between the two).
 */
final class Escalations {

    static final int DEFAULT_MAX_TOKENS = 1024;
    static final int MAX_MAX_TOKENS = 8192;
    private static final int RECORD_ATTEMPTS = 3;

    /** A validated escalation request. */
    record Input(String requestId, String query, String framing, List<String> knowledge, List<String> constraints,
            Pricing.ModelPrice model, Optional<String> sessionId, int maxTokens, Optional<Double> temperature) {

        Pricing.Kind kind() {
            return knowledge.isEmpty() ? Pricing.Kind.CLOUD : Pricing.Kind.KNOWLEDGE;
        }

        Prompt prompt() {
            StringBuilder system = new StringBuilder(framing);
            if (!constraints.isEmpty()) {
                system.append(system.isEmpty() ? "" : "\n\n").append("Constraints:");
                constraints.forEach(c -> system.append("\n- ").append(c));
            }
            StringBuilder user = new StringBuilder();
            if (!knowledge.isEmpty()) {
                user.append("Relevant local knowledge:");
                for (int i = 0; i < knowledge.size(); i++) {
                    user.append("\n[").append(i + 1).append("] ").append(knowledge.get(i));
                }
                user.append("\n\nQuestion: ");
            }
            user.append(query);
            return new Prompt(model.model(), system.toString(), user.toString(), maxTokens, temperature);
        }
    }

    private final Pricing pricing;
    private final String defaultModel;
    private final Map<String, Provider> providers;
    private final DurableObjectNamespace ledgers;
    private final DurableObjectNamespace sessions;
    private final D1Database db;
    private final Env env;

    Escalations(Pricing pricing, String defaultModel, Map<String, Provider> providers, DurableObjectNamespace ledgers,
            DurableObjectNamespace sessions, D1Database db, Env env) {
        if (!pricing.knows(defaultModel)) {
            throw new IllegalStateException("DEFAULT_MODEL " + defaultModel + " has no price (see MODEL_PRICES)");
        }
        this.pricing = pricing;
        this.defaultModel = defaultModel;
        this.providers = providers;
        this.ledgers = ledgers;
        this.sessions = sessions;
        this.db = db;
        this.env = env;
    }

    Ledger ledger(String userId) {
        return ledgers.getByName(userId).rpc(Ledger.class);
    }

    Response escalate(Request request, String userId, ExecutionContext ctx) {
        Input input = parse(Http.jsonObject(request));
        Provider provider = admit(input, userId);
        Completion completion = provider.complete(input.prompt(), ctx);
        Pricing.Cost cost = pricing.cost(input.model().model(), completion.inputTokens(), completion.outputTokens(), input.kind());
        UsageEvent event = usageEvent(input, userId, completion.inputTokens(), completion.outputTokens());
        keep(event, ctx);
        afterResponse(input, userId, completion.text(), event, ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("request_id", input.requestId());
        out.put("response", completion.text());
        out.put("model", completion.model());
        out.put("provider", provider.name());
        out.put("usage", usage(completion));
        out.put("cost", cost.json());
        input.sessionId().ifPresent(id -> out.put("session_id", id));
        return Response.json(out);
    }

    Response stream(Request request, String userId, ExecutionContext ctx) {
        Input input = parse(Http.jsonObject(request));
        Provider provider = admit(input, userId);
        Response upstream = provider.openStream(input.prompt(), ctx);
        Provider.Usage usage = new Provider.Usage();
        return Response.eventStream(events -> {
            StringBuilder text = new StringBuilder();
            boolean kept = false;
            try {
                Completion completion = provider.relay(upstream, input.model().model(), piece -> {
                    if (!piece.isEmpty()) { // OpenAI opens with an empty delta carrying the role
                        text.append(piece);
                        events.send("delta", Json.stringify(Map.of("text", piece)));
                    }
                }, usage);
                Pricing.Cost cost = pricing.cost(input.model().model(), completion.inputTokens(), completion.outputTokens(), input.kind());
                keep(usageEvent(input, userId, usage.inputTokens, usage.outputTokens), ctx);
                kept = true;
                Map<String, Object> done = new LinkedHashMap<>();
                done.put("request_id", input.requestId());
                done.put("model", completion.model());
                done.put("provider", provider.name());
                done.put("usage", usage(completion));
                done.put("cost", cost.json());
                input.sessionId().ifPresent(id -> done.put("session_id", id));
                events.send("done", Json.stringify(done));
            } catch (ProviderException e) {
                events.send("error", error(e.type, e.getMessage()));
            } catch (Http.Failure e) { // the usage could not be kept: no done
                events.send("error", error(e.type, e.getMessage()));
            } catch (UncheckedIOException e) {
                // The client went away (or the provider's stream broke): the upstream body is closed by now.
            } finally {
                // Billed from what the provider reported, even when the stream was cut short.
                UsageEvent event = usageEvent(input, userId, usage.inputTokens, usage.outputTokens);
                if (!kept) {
                    keepIfPossible(event, ctx);
                }
                afterResponse(input, userId, text.toString(), event, ctx);
            }
        });
    }

    private static String error(String type, String message) {
        return Json.stringify(Map.of("error", Map.of("type", type, "message", message)));
    }

    private static Map<String, Object> usage(Completion completion) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", completion.inputTokens());
        usage.put("output_tokens", completion.outputTokens());
        return usage;
    }

    /** Checks the balance and that the request id is new; returns the provider for the model. */
    private Provider admit(Input input, String userId) {
        Provider provider = providers.get(input.model().provider());
        if (provider == null) {
            throw new Http.Failure(503, "provider_not_configured", "provider " + input.model().provider() + " for model "
                    + input.model().model() + " is not configured (its API key is not set)");
        }
        Ledger.Admission admission = ledger(userId).admit(input.requestId());
        if (admission.duplicate()) {
            throw new Http.Failure(409, "duplicate_request", "request_id " + input.requestId() + " was already completed and billed");
        }
        if (!admission.allowed()) {
            throw new Http.Failure(402, "insufficient_balance", "balance $" + Money.usd(admission.balanceMicros())
                    + " is below the credit limit of -$" + Money.usd(admission.creditLimitMicros()) + "; top up to continue");
        }
        return provider;
    }

    private static UsageEvent usageEvent(Input input, String userId, long inputTokens, long outputTokens) {
        return new UsageEvent(input.requestId(), userId, input.model().model(), input.kind().label(), inputTokens, outputTokens,
                System.currentTimeMillis());
    }

    /**
     * Before the response is released: makes the usage durable with one D1 insert into the outbox (idempotent by
     * request id). Should D1 fail, the ledger records it at once instead; should both fail, the answer is a 503, as
     * an answer whose usage could be lost is not given.
     */
    private void keep(UsageEvent event, ExecutionContext ctx) {
        try {
            FailPoints.check(env, "usage.outbox");
            db.prepare("INSERT OR IGNORE INTO usage_outbox (request_id, user_id, event, created_at) VALUES (?, ?, ?, ?)")
                    .bind(event.requestId(), event.userId(), Json.stringify(event), System.currentTimeMillis()).run();
        } catch (RuntimeException outboxFailure) {
            ctx.console().warn("usage_outbox insert for " + event.requestId() + " failed (" + outboxFailure.getMessage()
                    + "); recording in the ledger now");
            try {
                ledger(event.userId()).record(event);
            } catch (RuntimeException ledgerFailure) {
                throw new Http.Failure(503, "billing_unavailable", "the usage of request_id " + event.requestId()
                        + " could not be recorded; retry with the same request_id");
            }
        }
    }

    /** For a stream cut short, where no answer is held back any more: as {@link #keep}, but a failure is only logged. */
    private void keepIfPossible(UsageEvent event, ExecutionContext ctx) {
        try {
            keep(event, ctx);
        } catch (Http.Failure e) {
            ctx.console().warn("usage of " + event.requestId() + " not kept durably; recording after the response only");
        }
    }

    /** After the response: the usage moved from the outbox to the ledger, the messages to the session. */
    private void afterResponse(Input input, String userId, String answer, UsageEvent event, ExecutionContext ctx) {
        ctx.waitUntil(() -> record(event, ctx));
        input.sessionId().ifPresent(sessionId -> ctx.waitUntil(() -> {
            Session session = sessions.getByName(sessionId).rpc(Session.class);
            session.addMessage(userId, "user", input.query(), true);
            if (!answer.isEmpty()) {
                session.addMessage(userId, "assistant", answer, true);
            }
        }));
    }

    /**
     * Records the usage in the ledger (retried), then deletes its outbox row. A ledger that keeps failing, or a
     * crash before the delete, leaves the row for the cron; the ledger ignores a request id it already holds.
     */
    void record(UsageEvent event, ExecutionContext ctx) {
        FailPoints.hang(env, "usage.before-record");
        RuntimeException last = null;
        for (int attempt = 0; attempt < RECORD_ATTEMPTS; attempt++) {
            try {
                ledger(event.userId()).record(event);
                db.prepare("DELETE FROM usage_outbox WHERE request_id = ?").bind(event.requestId()).run();
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        ctx.console().warn("usage of " + event.requestId() + " not recorded yet (" + last.getMessage() + "); the cron replays it from usage_outbox");
    }

    /**
     * The cron: replays the outbox into the ledgers (which ignore a request id they already hold): usage whose
     * recording after the response failed, or never ran because the process died first.
     */
    int replayOutbox(ExecutionContext ctx) {
        int replayed = 0;
        for (Map<String, Object> row : db.prepare("SELECT request_id, event FROM usage_outbox ORDER BY created_at LIMIT 500").all().results()) {
            UsageEvent event = Json.parse((String) row.get("event"), UsageEvent.class);
            try {
                ledger(event.userId()).record(event);
                db.prepare("DELETE FROM usage_outbox WHERE request_id = ?").bind(event.requestId()).run();
                replayed++;
            } catch (RuntimeException e) {
                ctx.console().warn("usage of " + event.requestId() + " still not recorded: " + e.getMessage());
                db.prepare("UPDATE usage_outbox SET attempts = attempts + 1 WHERE request_id = ?").bind(event.requestId()).run();
            }
        }
        return replayed;
    }

    @SuppressWarnings("unchecked")
    Input parse(Map<String, Object> body) {
        String requestId = Http.requiredString(body, "request_id", 128);
        String query = Http.requiredString(body, "query", 200_000);
        String framing = "";
        List<String> knowledge = List.of();
        List<String> constraints = List.of();
        Object context = body.get("context");
        if (context != null) {
            if (!(context instanceof Map<?, ?> c)) {
                throw new Http.Failure(400, "invalid_request", "'context' must be an object");
            }
            Map<String, Object> ctx = (Map<String, Object>) c;
            framing = Http.optionalString(ctx, "pathos_framing").orElse("");
            knowledge = strings(ctx, "local_knowledge");
            constraints = strings(ctx, "constraints");
        }
        String preference = Http.optionalString(body, "model_preference").orElse(defaultModel);
        Pricing.ModelPrice model = pricing.model(preference).orElseThrow(() -> new Http.Failure(400, "unknown_model",
                "unknown model_preference '" + preference + "': use claude, gpt-4, or a model id with a price"));
        int maxTokens = DEFAULT_MAX_TOKENS;
        if (body.get("max_tokens") != null) {
            if (!(body.get("max_tokens") instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 1 || n.longValue() > MAX_MAX_TOKENS) {
                throw new Http.Failure(400, "invalid_request", "'max_tokens' must be an integer from 1 to " + MAX_MAX_TOKENS);
            }
            maxTokens = n.intValue();
        }
        Optional<Double> temperature = Optional.empty();
        if (body.get("temperature") != null) {
            if (!(body.get("temperature") instanceof Number t) || t.doubleValue() < 0 || t.doubleValue() > 2) {
                throw new Http.Failure(400, "invalid_request", "'temperature' must be a number from 0 to 2");
            }
            temperature = Optional.of(t.doubleValue());
        }
        Optional<String> sessionId = Http.optionalString(body, "session_id");
        return new Input(requestId, query, framing, knowledge, constraints, model, sessionId, maxTokens, temperature);
    }

    private static List<String> strings(Map<String, Object> map, String field) {
        Object value = map.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String))) {
            throw new Http.Failure(400, "invalid_request", "'context." + field + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        list.forEach(v -> out.add((String) v));
        return out;
    }
}

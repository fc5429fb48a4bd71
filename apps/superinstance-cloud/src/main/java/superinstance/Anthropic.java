package superinstance;

import dev.kiln.api.Body;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Json;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The Anthropic Messages API ({@code POST /v1/messages}, {@code x-api-key}, {@code anthropic-version}). */
final class Anthropic implements Provider {

    static final String VERSION = "2023-06-01";

    private final String baseUrl;
    private final String apiKey;
    private final Duration timeout;

    Anthropic(String baseUrl, String apiKey, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "anthropic";
    }

    private Request request(Prompt prompt, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", prompt.model());
        body.put("max_tokens", prompt.maxTokens());
        if (!prompt.system().isEmpty()) {
            body.put("system", prompt.system());
        }
        body.put("messages", List.of(Map.of("role", "user", "content", prompt.user())));
        prompt.temperature().ifPresent(t -> body.put("temperature", t));
        if (stream) {
            body.put("stream", true);
        }
        return Request.builder(baseUrl + "/v1/messages").method("POST")
                .header("x-api-key", apiKey).header("anthropic-version", VERSION)
                .header("content-type", "application/json")
                .header("accept", stream ? "text/event-stream" : "application/json")
                .body(Body.of(Json.encode(body))).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Completion complete(Prompt prompt, ExecutionContext ctx) {
        Response response = Provider.send(name(), ctx, request(prompt, false), timeout);
        Map<String, Object> message;
        try {
            message = Json.decode(response.bytes(), Map.class);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(502, "provider_error", "anthropic sent an answer that is not JSON: " + e.getMessage());
        }
        StringBuilder text = new StringBuilder();
        for (Object block : (List<Object>) message.getOrDefault("content", List.of())) {
            if (block instanceof Map<?, ?> b && "text".equals(b.get("type"))) {
                text.append(b.get("text"));
            }
        }
        Map<String, Object> usage = (Map<String, Object>) message.getOrDefault("usage", Map.of());
        return new Completion(text.toString(), String.valueOf(message.getOrDefault("model", prompt.model())),
                number(usage.get("input_tokens")), number(usage.get("output_tokens")));
    }

    @Override
    public Response openStream(Prompt prompt, ExecutionContext ctx) {
        return Provider.send(name(), ctx, request(prompt, true), timeout);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Completion relay(Response upstream, String requestedModel, Consumer<String> onText, Usage usage) {
        StringBuilder text = new StringBuilder();
        String[] model = {requestedModel};
        try (InputStream in = upstream.body().stream()) {
            ServerSentEvents.read(in, (event, data) -> {
                Map<String, Object> json = Json.parse(data, Map.class);
                switch (String.valueOf(json.get("type"))) {
                    case "message_start" -> {
                        Map<String, Object> message = (Map<String, Object>) json.get("message");
                        model[0] = String.valueOf(message.getOrDefault("model", model[0]));
                        Map<String, Object> u = (Map<String, Object>) message.getOrDefault("usage", Map.of());
                        usage.inputTokens = number(u.get("input_tokens"));
                        usage.outputTokens = number(u.get("output_tokens"));
                    }
                    case "content_block_delta" -> {
                        Map<String, Object> delta = (Map<String, Object>) json.get("delta");
                        if ("text_delta".equals(delta.get("type"))) {
                            String piece = String.valueOf(delta.get("text"));
                            text.append(piece);
                            onText.accept(piece);
                        }
                    }
                    case "message_delta" -> {
                        Map<String, Object> u = (Map<String, Object>) json.getOrDefault("usage", Map.of());
                        if (u.get("output_tokens") != null) {
                            usage.outputTokens = number(u.get("output_tokens"));
                        }
                    }
                    case "error" -> {
                        Map<String, Object> error = (Map<String, Object>) json.getOrDefault("error", Map.of());
                        throw new ProviderException(502, "provider_error", "anthropic stream failed: " + error.get("message"));
                    }
                    case "message_stop" -> {
                        return false;
                    }
                    default -> {
                        // ping, content_block_start, content_block_stop: nothing to relay
                    }
                }
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Completion(text.toString(), model[0], usage.inputTokens, usage.outputTokens);
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The OpenAI Chat Completions API ({@code POST /v1/chat/completions}, bearer key). */
final class OpenAi implements Provider {

    private final String baseUrl;
    private final String apiKey;
    private final Duration timeout;

    OpenAi(String baseUrl, String apiKey, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "openai";
    }

    private Request request(Prompt prompt, boolean stream) {
        List<Map<String, Object>> messages = new ArrayList<>();
        if (!prompt.system().isEmpty()) {
            messages.add(Map.of("role", "system", "content", prompt.system()));
        }
        messages.add(Map.of("role", "user", "content", prompt.user()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", prompt.model());
        body.put("messages", messages);
        body.put("max_tokens", prompt.maxTokens());
        prompt.temperature().ifPresent(t -> body.put("temperature", t));
        if (stream) {
            body.put("stream", true);
            body.put("stream_options", Map.of("include_usage", true));
        }
        return Request.builder(baseUrl + "/v1/chat/completions").method("POST")
                .header("authorization", "Bearer " + apiKey)
                .header("content-type", "application/json")
                .header("accept", stream ? "text/event-stream" : "application/json")
                .body(Body.of(Json.encode(body))).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Completion complete(Prompt prompt, ExecutionContext ctx) {
        Response response = Provider.send(name(), ctx, request(prompt, false), timeout);
        Map<String, Object> completion;
        try {
            completion = Json.decode(response.bytes(), Map.class);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(502, "provider_error", "openai sent an answer that is not JSON: " + e.getMessage());
        }
        List<Object> choices = (List<Object>) completion.getOrDefault("choices", List.of());
        String text = "";
        if (!choices.isEmpty() && choices.get(0) instanceof Map<?, ?> choice && choice.get("message") instanceof Map<?, ?> message) {
            text = message.get("content") == null ? "" : String.valueOf(message.get("content"));
        }
        Map<String, Object> usage = (Map<String, Object>) completion.getOrDefault("usage", Map.of());
        return new Completion(text, String.valueOf(completion.getOrDefault("model", prompt.model())),
                Anthropic.number(usage.get("prompt_tokens")), Anthropic.number(usage.get("completion_tokens")));
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
                if (data.equals("[DONE]")) {
                    return false;
                }
                Map<String, Object> chunk = Json.parse(data, Map.class);
                if (chunk.get("error") instanceof Map<?, ?> error) {
                    throw new ProviderException(502, "provider_error", "openai stream failed: " + error.get("message"));
                }
                if (chunk.get("model") != null) {
                    model[0] = String.valueOf(chunk.get("model"));
                }
                for (Object c : (List<Object>) chunk.getOrDefault("choices", List.of())) {
                    if (c instanceof Map<?, ?> choice && choice.get("delta") instanceof Map<?, ?> delta && delta.get("content") != null) {
                        String piece = String.valueOf(delta.get("content"));
                        text.append(piece);
                        onText.accept(piece);
                    }
                }
                if (chunk.get("usage") instanceof Map<?, ?> u) {
                    usage.inputTokens = Anthropic.number(u.get("prompt_tokens"));
                    usage.outputTokens = Anthropic.number(u.get("completion_tokens"));
                }
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Completion(text.toString(), model[0], usage.inputTokens, usage.outputTokens);
    }
}

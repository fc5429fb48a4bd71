package superinstance;

import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Json;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** An LLM provider's API: one answer whole, or streamed as text deltas. */
interface Provider {

    /** What is sent: the model, the system text (framing and constraints) and the user text. */
    record Prompt(String model, String system, String user, int maxTokens, Optional<Double> temperature) {
    }

    /** What came back, with the token counts the provider reported. */
    record Completion(String text, String model, long inputTokens, long outputTokens) {
    }

    /** A provider failure, with the status to answer the client. */
    final class ProviderException extends RuntimeException {
        final int status;
        final String type;

        ProviderException(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    String name();

    Completion complete(Prompt prompt, ExecutionContext ctx);

    /**
     * Starts a streamed answer: returns once the provider has accepted the request (its status is known).
     *
     * @throws ProviderException if it did not
     */
    Response openStream(Prompt prompt, ExecutionContext ctx);

    /**
     * Reads a stream from {@link #openStream}: {@code onText} gets each text delta as it arrives. If
     * {@code onText} throws (the client went away), the upstream body is closed, which ends the provider's
     * call, and the exception propagates; {@code usage} holds what the provider reported until then.
     */
    Completion relay(Response upstream, String model, Consumer<String> onText, Usage usage);

    /** Token counts reported so far by a stream. */
    final class Usage {
        volatile long inputTokens;
        volatile long outputTokens;
    }

    /** Sends the request; a transport failure or a timeout becomes a {@link ProviderException}. */
    static Response send(String provider, ExecutionContext ctx, Request request, Duration timeout) {
        Response response;
        try {
            response = ctx.fetch(request, timeout);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new ProviderException(504, "provider_timeout", provider + " did not answer within " + timeout.toMillis() + " ms");
            }
            throw new ProviderException(502, "provider_unreachable", provider + " is unreachable: " + e.getMessage());
        }
        if (response.status() >= 400) {
            throw error(provider, response);
        }
        return response;
    }

    /** Maps a provider's error answer to the one the client gets. */
    @SuppressWarnings("unchecked")
    private static ProviderException error(String provider, Response response) {
        String message;
        try (InputStream in = response.body().stream()) {
            String body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            Object parsed = Json.parse(body, Object.class);
            Object error = parsed instanceof Map<?, ?> m ? m.get("error") : null;
            message = error instanceof Map<?, ?> e && e.get("message") != null ? String.valueOf(e.get("message")) : body;
        } catch (IOException | RuntimeException e) {
            message = "HTTP " + response.status();
        }
        int status = response.status();
        String detail = provider + " answered " + status + ": " + message;
        if (status == 400 || status == 404 || status == 413 || status == 422) {
            return new ProviderException(400, "provider_rejected_request", detail);
        }
        if (status == 401 || status == 403) {
            return new ProviderException(502, "provider_auth_failed", provider + " refused the service's credentials (HTTP " + status + ")");
        }
        if (status == 429 || status == 529 || status == 503) {
            return new ProviderException(503, "provider_overloaded", detail);
        }
        if (status == 504) {
            return new ProviderException(504, "provider_timeout", detail);
        }
        return new ProviderException(502, "provider_error", detail);
    }
}

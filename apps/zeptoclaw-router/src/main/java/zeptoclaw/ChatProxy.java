package zeptoclaw;

import dev.kiln.api.Body;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Headers;
import dev.kiln.api.Json;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/chat/completions}: forwards the body untouched to the best gateway and relays the answer,
 * streaming chunk by chunk as it arrives. Fails over to the next gateway on a connection failure, no first
 * byte within the timeout, or 5xx / 429 — only before anything was sent to the client. Other 4xx pass through.
 * A streamed answer that breaks, or sends nothing for the stream idle timeout, ends with an error event.
 */
final class ChatProxy {

    private final Gateways gateways;
    private final Optional<String> apiKey;
    private final Duration timeout;
    private final Duration streamIdleTimeout;

    ChatProxy(Gateways gateways, Optional<String> apiKey, long timeoutMs, long streamIdleTimeoutMs) {
        this.gateways = gateways;
        this.apiKey = apiKey;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.streamIdleTimeout = Duration.ofMillis(streamIdleTimeoutMs);
    }

    Response complete(Request request, ExecutionContext ctx) {
        byte[] body = request.bytes();
        Object parsed;
        try {
            parsed = Json.decode(body, Object.class);
        } catch (IllegalArgumentException e) {
            return OpenAi.error(400, "We could not parse the JSON body of your request: " + e.getMessage(),
                    "invalid_request_error", "invalid_json");
        }
        if (!(parsed instanceof Map<?, ?>)) {
            return OpenAi.error(400, "The request body must be a JSON object", "invalid_request_error", "invalid_json");
        }
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        int timeouts = 0;
        int refused = 0;
        int attempts = 0;
        for (String gateway : gateways.attemptOrder(System.currentTimeMillis())) {
            attempts++;
            long attemptStart = System.nanoTime();
            Response upstream;
            try {
                upstream = ctx.fetch(upstreamRequest(gateway, request, body), timeout);
            } catch (UncheckedIOException e) {
                boolean timedOut = e.getCause() instanceof HttpTimeoutException;
                String reason = timedOut ? "timeout: no response within " + timeout.toMillis() + " ms" : "connection failed: " + e.getMessage();
                timeouts += timedOut ? 1 : 0;
                refused += timedOut ? 0 : 1;
                gateways.failure(gateway, reason, ctx);
                failures.add(gateway + " " + reason);
                continue;
            }
            if (upstream.status() >= 500 || upstream.status() == 429) {
                discard(upstream);
                gateways.failure(gateway, "HTTP " + upstream.status(), ctx);
                failures.add(gateway + " HTTP " + upstream.status());
                continue;
            }
            long latencyMs = (System.nanoTime() - attemptStart) / 1_000_000;
            gateways.success(gateway, latencyMs, ctx);
            return relay(upstream, gateway, attempts, (System.nanoTime() - started) / 1_000_000, ctx);
        }
        int status = timeouts == attempts ? 504 : refused == attempts ? 502 : 503;
        Response error = OpenAi.error(status, "All " + attempts + " gateways failed: " + String.join("; ", failures),
                "upstream_error", "gateways_unavailable");
        return error.toBuilder().header("x-zeptoclaw-attempts", Integer.toString(attempts)).build();
    }

    private Request upstreamRequest(String gateway, Request request, byte[] body) {
        Request.Builder up = Request.builder(gateway + "/chat/completions").method("POST")
                .header("content-type", "application/json")
                .header("accept", request.header("accept").orElse("application/json, text/event-stream"))
                .body(Body.of(body));
        apiKey.ifPresent(key -> up.header("authorization", "Bearer " + key));
        return up.build();
    }

    /** The upstream answer with router metadata; a streamed body is relayed as it arrives. */
    private Response relay(Response upstream, String gateway, int attempts, long latencyMs, ExecutionContext ctx) {
        Headers.Builder headers = Headers.builder();
        upstream.headers().first("content-type").ifPresent(v -> headers.add("content-type", v));
        upstream.headers().first("cache-control").ifPresent(v -> headers.add("cache-control", v));
        headers.add("x-zeptoclaw-gateway", gateway);
        headers.add("x-zeptoclaw-attempts", Integer.toString(attempts));
        headers.add("x-zeptoclaw-latency-ms", Long.toString(latencyMs));
        boolean eventStream = upstream.headers().first("content-type").filter(t -> t.startsWith("text/event-stream")).isPresent();
        if (!eventStream && upstream.body().length().isPresent()) {
            // A non-streaming answer arrives whole anyway: pass it on as it is, with its length.
            return Response.of(upstream.status(), headers.build(), upstream.body());
        }
        Body body = Body.writer(out -> copy(upstream, out, eventStream, gateway, ctx));
        return Response.of(upstream.status(), headers.build(), body);
    }

    /**
     * Copies what arrives and flushes it at once. A stream that breaks or stalls for the idle timeout counts as
     * the gateway's failure; an event stream then ends with an error event, any other body is cut off (the
     * client sees an incomplete response, never a complete-looking truncated one).
     */
    private void copy(Response upstream, OutputStream out, boolean eventStream, String gateway, ExecutionContext ctx) throws IOException {
        Optional<StreamRelay.Failure> failure = StreamRelay.copy(upstream.body().stream(), out, streamIdleTimeout);
        if (failure.isEmpty()) {
            return;
        }
        String reason = failure.get().reason();
        gateways.failure(gateway, reason, ctx);
        if (!eventStream) {
            throw new IOException("gateway " + gateway + ": " + reason);
        }
        String code = failure.get().stalled() ? "stream_timeout" : "stream_interrupted";
        String event = "data: " + Json.stringify(Map.of("error", Map.of("message", "upstream " + reason,
                "type", "upstream_error", "code", code))) + "\n\n";
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void discard(Response response) {
        try (InputStream in = response.body().stream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | UncheckedIOException | IllegalStateException ignored) {
            // nothing to keep from a failed attempt
        }
    }
}

package dev.kiln.server;

import dev.kiln.http.HttpListener;
import dev.kiln.runtime.KilnRuntime;
import dev.kiln.runtime.TailBus;
import dev.kiln.runtime.TailEvent;
import dev.kiln.spi.JacksonJsonCodec;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin API, on its own listener, every route behind {@code Authorization: Bearer <token>}:
 * {@code GET /healthz}, {@code GET /metrics} (Prometheus), {@code GET /workers}, {@code GET /tail}
 * (newline-delimited JSON events, streamed), and read-only Durable Object data under {@code /do}
 * ({@link DurableObjectAdmin}).
 */
final class AdminRoutes {

    private final KilnRuntime runtime;
    private final byte[] token;
    private final Supplier<List<HttpListener.Status>> listeners;

    AdminRoutes(KilnRuntime runtime, String token, Supplier<List<HttpListener.Status>> listeners) {
        this.runtime = runtime;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.listeners = listeners;
    }

    void register(HttpRouting.Builder routing) {
        routing.addFilter((chain, req, res) -> {
            if (authorized(req)) {
                chain.proceed();
            } else {
                res.status(Status.UNAUTHORIZED_401)
                        .header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"kiln-admin\"")
                        .send("admin API: missing or wrong bearer token\n");
            }
        });
        routing.get("/healthz", this::health)
                .get("/metrics", this::metrics)
                .get("/workers", (req, res) -> json(res, runtime.workers()))
                .get("/tail", this::tail);
        new DurableObjectAdmin(runtime).register(routing);
    }

    private boolean authorized(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        // Constant-time comparison: the token is a secret.
        return header.isPresent() && MessageDigest.isEqual(header.get().getBytes(StandardCharsets.UTF_8), token);
    }

    private void health(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean failed = runtime.workers().stream().anyMatch(w -> w.error().isPresent());
        List<HttpListener.Status> ports = listeners.get();
        boolean deaf = ports.stream().anyMatch(l -> !l.accepting());
        body.put("status", failed || deaf ? "degraded" : "ok");
        body.put("inFlight", runtime.inFlight());
        body.put("workers", runtime.workers());
        body.put("listeners", ports);
        json(res, body);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").send(runtime.scrapeMetrics());
    }

    private void tail(ServerRequest req, ServerResponse res) {
        Optional<String> worker = req.query().first("worker").asOptional();
        res.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson");
        try (TailBus.Subscription events = runtime.tail().subscribe(); OutputStream out = res.outputStream()) {
            out.write("{\"type\":\"connected\"}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                TailEvent event = events.poll(1, TimeUnit.SECONDS);
                if (event == null) {
                    out.write('\n'); // keep-alive; also finds out when the client has gone
                } else if (worker.isEmpty() || worker.get().equals(event.worker())) {
                    out.write(JacksonJsonCodec.mapper().writeValueAsBytes(event));
                    out.write('\n');
                }
                out.flush();
            }
        } catch (IOException | UncheckedIOException e) {
            // the tail client disconnected
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void json(ServerResponse res, Object value) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(JacksonJsonCodec.mapper().writeValueAsBytes(value));
    }
}

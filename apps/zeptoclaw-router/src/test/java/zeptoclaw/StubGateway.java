package zeptoclaw;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenAI-style gateway on a free loopback port: JSON and SSE chat completions, /models, and the
 * failures the router must handle (5xx, 429, 400, a dropped connection, a hang, a stream that breaks midway).
 */
final class StubGateway implements AutoCloseable {

    enum Mode { OK, STATUS_503, STATUS_429, STATUS_400, DROP, HANG, BREAK_MIDSTREAM, BREAK_MIDBODY }

    private final HttpServer server;
    private final String name;
    volatile Mode mode = Mode.OK;
    final AtomicInteger completions = new AtomicInteger();
    final AtomicInteger modelRequests = new AtomicInteger();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Released by a test to let a streaming answer finish. */
    volatile CountDownLatch streamGate = new CountDownLatch(0);

    StubGateway(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::completion);
        server.createContext("/v1/models", this::models);
        server.start();
    }

    /** @return the base URL, ending in /v1 */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void completion(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        bodies.add(body);
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        completions.incrementAndGet();
        switch (mode) {
            case STATUS_503 -> send(ex, 503, "application/json", "{\"error\":{\"message\":\"overloaded\"}}");
            case STATUS_429 -> send(ex, 429, "application/json", "{\"error\":{\"message\":\"slow down\"}}");
            case STATUS_400 -> send(ex, 400, "application/json", "{\"error\":{\"message\":\"bad model\",\"type\":\"invalid_request_error\"}}");
            case DROP -> throw new IOException("stub drops the connection"); // HttpServer closes it, no response
            case BREAK_MIDSTREAM -> {
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                chunk(ex.getResponseBody(), "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}");
                throw new IOException("stub breaks the stream"); // closed without the last chunk
            }
            case BREAK_MIDBODY -> {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, 0); // chunked: no length to compare against
                ex.getResponseBody().write("{\"id\":\"chatcmpl-1\",\"choices\":[".getBytes(StandardCharsets.UTF_8));
                ex.getResponseBody().flush();
                throw new IOException("stub breaks the body");
            }
            case HANG -> {
                sleep(5_000);
                send(ex, 200, "application/json", "{}");
            }
            default -> {
                if (body.contains("\"stream\":true") || body.contains("\"stream\": true")) {
                    stream(ex, body.contains("include_usage"));
                } else {
                    send(ex, 200, "application/json", "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"" + name
                            + "-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hello from " + name
                            + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3,\"total_tokens\":6}}");
                }
            }
        }
    }

    private void stream(HttpExchange ex, boolean usage) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            chunk(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}");
            await(streamGate);
            chunk(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}");
            if (usage) {
                chunk(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"total_tokens\":5}}");
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void chunk(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void models(HttpExchange ex) throws IOException {
        modelRequests.incrementAndGet();
        if (mode != Mode.OK) {
            send(ex, 503, "application/json", "{}");
            return;
        }
        send(ex, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"" + name + "-model\",\"object\":\"model\"},"
                + "{\"id\":\"shared-model\",\"object\":\"model\"}]}");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }
}

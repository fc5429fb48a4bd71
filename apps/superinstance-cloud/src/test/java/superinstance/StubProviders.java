package superinstance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real Anthropic and OpenAI stand-ins on one free loopback port, speaking their wire formats: the Messages
 * API ({@code /anthropic/v1/messages}) and Chat Completions ({@code /openai/v1/chat/completions}), whole and
 * streamed (server-sent events as each provider sends them), plus {@code /v1/models} and error answers.
 */
final class StubProviders implements AutoCloseable {

    enum Mode { OK, STATUS_400, STATUS_401, STATUS_429, STATUS_500, HANG }

    /** One request a provider received. */
    record Received(String provider, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    volatile Mode mode = Mode.OK;
    volatile long inputTokens = 1000;
    volatile long outputTokens = 500;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    /** Holds a stream after its first text chunk until released. */
    volatile CountDownLatch streamGate = new CountDownLatch(0);
    /** After the gate, keep streaming text until the reader goes away (for tests of a client leaving). */
    volatile boolean endless;
    /** Set when writing a stream failed because the other side closed it. */
    final AtomicBoolean streamCutByClient = new AtomicBoolean();

    StubProviders() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/anthropic/v1/messages", ex -> handle(ex, "anthropic"));
        server.createContext("/openai/v1/chat/completions", ex -> handle(ex, "openai"));
        server.createContext("/anthropic/v1/models", ex -> send(ex, 200, "{\"data\":[{\"id\":\"claude-3-5-sonnet-20241022\",\"type\":\"model\"}]}"));
        server.createContext("/openai/v1/models", ex -> send(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4-turbo\",\"object\":\"model\"}]}"));
        server.start();
    }

    String anthropicUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/anthropic";
    }

    String openAiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/openai";
    }

    void reset() {
        mode = Mode.OK;
        inputTokens = 1000;
        outputTokens = 500;
        received.clear();
        calls.set(0);
        streamGate = new CountDownLatch(0);
        streamCutByClient.set(false);
        endless = false;
    }

    private void handle(HttpExchange ex, String provider) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
        received.add(new Received(provider, headers, body));
        calls.incrementAndGet();
        boolean anthropic = provider.equals("anthropic");
        switch (mode) {
            case STATUS_400 -> send(ex, 400, anthropic
                    ? "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: too large\"}}"
                    : "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\"}}");
            case STATUS_401 -> send(ex, 401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
            case STATUS_429 -> send(ex, 429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");
            case STATUS_500 -> send(ex, 500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"internal\"}}");
            case HANG -> {
                sleep(5_000);
                send(ex, 200, "{}");
            }
            default -> {
                boolean stream = body.contains("\"stream\":true");
                if (anthropic) {
                    if (stream) {
                        anthropicStream(ex);
                    } else {
                        send(ex, 200, "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-sonnet-20241022\","
                                + "\"content\":[{\"type\":\"text\",\"text\":\"Hello from Claude\"}],\"stop_reason\":\"end_turn\","
                                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens + ",\"output_tokens\":" + outputTokens + "}}");
                    }
                } else if (stream) {
                    openAiStream(ex);
                } else {
                    send(ex, 200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4-turbo\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from GPT\"},"
                            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + inputTokens + ",\"completion_tokens\":"
                            + outputTokens + ",\"total_tokens\":" + (inputTokens + outputTokens) + "}}");
                }
            }
        }
    }

    private void anthropicStream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"content\":[],\"model\":\"claude-3-5-sonnet-20241022\",\"stop_reason\":null,\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":" + inputTokens + ",\"output_tokens\":1}}}");
            event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
            event(out, "ping", "{\"type\": \"ping\"}");
            event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}");
            if (!holdThenContinue(out, "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\".\"}}")) {
                return;
            }
            event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}");
            event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                    + "\"usage\":{\"output_tokens\":" + outputTokens + "}}");
            event(out, "message_stop", "{\"type\":\"message_stop\"}");
        } catch (IOException e) {
            streamCutByClient.set(true);
        }
    }

    private void openAiStream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        String head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4-turbo\",";
        try (OutputStream out = ex.getResponseBody()) {
            event(out, null, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
            event(out, null, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}");
            if (!holdThenContinue(out, null, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\".\"},\"finish_reason\":null}]}")) {
                return;
            }
            event(out, null, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}");
            event(out, null, head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            event(out, null, head + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + inputTokens + ",\"completion_tokens\":" + outputTokens
                    + ",\"total_tokens\":" + (inputTokens + outputTokens) + "}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            streamCutByClient.set(true);
        }
    }

    /**
     * Waits at the gate; when {@link #endless}, then writes the filler event until the reader goes away.
     *
     * @return false if the stream was cut (the stub stops there)
     */
    private boolean holdThenContinue(OutputStream out, String name, String filler) {
        try {
            streamGate.await(20, TimeUnit.SECONDS);
            for (int i = 0; endless && i < 4_000; i++) {
                event(out, name, filler);
                sleep(5);
            }
            return true;
        } catch (IOException e) {
            streamCutByClient.set(true);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void event(OutputStream out, String name, String json) throws IOException {
        String frame = (name == null ? "" : "event: " + name + "\n") + "data: " + json + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
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
    public void close() {
        server.stop(0);
    }
}

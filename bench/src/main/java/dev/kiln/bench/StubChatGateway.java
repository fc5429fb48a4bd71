package dev.kiln.bench;

import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;

/**
 * A minimal OpenAI-style gateway for the router benchmark: {@code POST /v1/chat/completions} answers a fixed
 * non-streaming completion, and {@code GET /} answers {@code ok} for readiness checks.
 *
 * <p>Usage: {@code StubChatGateway PORT}
 */
public final class StubChatGateway {

    private static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"model\":\"bench\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}").getBytes(StandardCharsets.UTF_8);

    private StubChatGateway() {
    }

    public static void main(String[] args) {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .backlog(4096)
                .routing(routing -> routing
                        .get("/", (req, res) -> res.send("ok"))
                        .post("/v1/chat/completions", (req, res) -> {
                            req.content().consume();
                            res.header("content-type", "application/json").send(COMPLETION);
                        }))
                .build()
                .start();
        System.out.println("stub gateway listening on 127.0.0.1:" + server.port());
    }
}

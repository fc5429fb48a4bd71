package superinstance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API keys, the rate limit, escalation through both providers, errors, status and CORS, over real HTTP. */
class RouterTest extends AppTest {

    @RegisterExtension
    final KilnExtension kiln = app().var("PROVIDER_TIMEOUT_MS", "700");

    @Override
    KilnExtension kiln() {
        return kiln;
    }

    @Test
    void keysAreRequiredAndRevocable() {
        assertThat(send("POST", "/v1/escalate", null, escalation("r1")).status()).isEqualTo(401);
        Response unknown = send("POST", "/v1/escalate", "si_not-a-key", escalation("r1"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(json(unknown)).containsKey("error");
        assertThat(send("POST", "/admin/api-keys", "wrong", Map.of("user_id", "u")).status()).isEqualTo(401);

        Response created = send("POST", "/admin/api-keys", ADMIN, Map.of("user_id", "alice"));
        String key = (String) json(created).get("key");
        String prefix = (String) json(created).get("prefix");
        assertThat(key).startsWith(prefix).startsWith("si_");
        assertThat(send("GET", "/v1/balance", key, null).status()).isEqualTo(200);
        // Only the hash is stored.
        assertThat(kiln("kv", "key", "list", "--binding", "API_KEYS")).doesNotContain(key);

        assertThat(send("DELETE", "/admin/api-keys/" + prefix, ADMIN, null).status()).isEqualTo(200);
        Response revoked = send("GET", "/v1/balance", key, null);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.text()).contains("revoked");
        assertThat(send("DELETE", "/admin/api-keys/si_nosuchkey", ADMIN, null).status()).isEqualTo(404);
    }

    @Test
    void exactlyOneHundredOf150ConcurrentRequestsPass() {
        String key = createKey("bob");
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(kiln.url() + "/v1/balance"))
                    .header("authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();
        assertThat(responses.stream().filter(r -> r.statusCode() == 200)).hasSize(100);
        List<HttpResponse<String>> limited = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).hasSize(50);
        HttpResponse<String> one = limited.getFirst();
        assertThat(one.headers().firstValue("retry-after")).isPresent();
        assertThat(Long.parseLong(one.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
        assertThat(one.headers().firstValue("x-ratelimit-limit")).hasValue("100");
        assertThat(one.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(one.headers().firstValue("x-ratelimit-reset")).isPresent();
        // Another key has its own budget.
        assertThat(send("GET", "/v1/balance", createKey("carol"), null).header("x-ratelimit-remaining")).hasValue("99");
    }

    @Test
    void escalatesToAnthropicWithTheContextInThePromptAndTheSeedsPrice() {
        String key = createKey("alice");
        Response r = send("POST", "/v1/escalate", key, Map.of("request_id", "req-1", "query", "What is 2+2?",
                "context", Map.of("pathos_framing", "You are terse.", "constraints", List.of("no code")), "max_tokens", 100));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        Map<String, Object> body = json(r);
        assertThat(body).containsEntry("request_id", "req-1").containsEntry("response", "Hello from Claude")
                .containsEntry("provider", "anthropic").containsEntry("model", "claude-3-5-sonnet-20241022");
        assertThat(body.get("usage")).isEqualTo(Map.of("input_tokens", 1000, "output_tokens", 500));
        // The seed's example, exactly: 1,000 in + 500 out on Sonnet.
        assertThat(r.text()).contains("\"base_usd\":0.0105", "\"billed_usd\":0.010815", "\"multiplier\":1.03", "\"display_usd\":\"0.011\"");

        StubProviders.Received sent = PROVIDERS.received.getFirst();
        assertThat(sent.headers()).containsEntry("x-api-key", "sk-ant-test").containsEntry("anthropic-version", "2023-06-01");
        Map<String, Object> request = dev.kiln.api.Json.parse(sent.body(), Map.class);
        assertThat(request).containsEntry("model", "claude-3-5-sonnet-20241022").containsEntry("max_tokens", 100)
                .containsEntry("system", "You are terse.\n\nConstraints:\n- no code");
        assertThat(request.get("messages")).isEqualTo(List.of(Map.of("role", "user", "content", "What is 2+2?")));
    }

    @Test
    void escalatesToOpenAiWithKnowledgeBilledAsKnowledge() {
        String key = createKey("alice");
        Response r = send("POST", "/v1/escalate", key, Map.of("request_id", "req-2", "query", "Summarise", "model_preference", "gpt-4",
                "context", Map.of("local_knowledge", List.of("chunk one", "chunk two"))));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(json(r)).containsEntry("response", "Hello from GPT").containsEntry("provider", "openai").containsEntry("model", "gpt-4-turbo");
        // GPT-4 Turbo: 1000 × $10/M + 500 × $30/M = $0.025; knowledge ×1.30 = $0.0325.
        assertThat(r.text()).contains("\"base_usd\":0.025", "\"billed_usd\":0.0325", "\"multiplier\":1.3", "\"kind\":\"knowledge\"");
        StubProviders.Received sent = PROVIDERS.received.getFirst();
        assertThat(sent.headers()).containsEntry("authorization", "Bearer sk-openai-test");
        assertThat(sent.body()).contains("\"role\":\"user\"", "Relevant local knowledge:\\n[1] chunk one\\n[2] chunk two\\n\\nQuestion: Summarise");
    }

    @Test
    void providerErrorsMapToClearAnswers() {
        String key = createKey("alice");
        int n = 0;
        for (Object[] c : new Object[][] {{StubProviders.Mode.STATUS_400, 400, "max_tokens"}, {StubProviders.Mode.STATUS_401, 502, "credentials"},
                {StubProviders.Mode.STATUS_429, 503, "slow down"}, {StubProviders.Mode.STATUS_500, 502, "internal"},
                {StubProviders.Mode.HANG, 504, "did not answer within 700 ms"}}) {
            PROVIDERS.mode = (StubProviders.Mode) c[0];
            Response r = send("POST", "/v1/escalate", key, escalation("err-" + n++));
            assertThat(r.status()).as(c[0] + ": " + r.text()).isEqualTo(c[1]);
            assertThat(r.text()).contains((String) c[2]).doesNotContain("sk-ant-test");
        }
        // Nothing was billed for failed calls.
        assertThat(json(send("GET", "/v1/balance", key, null))).containsEntry("billed_usd", 0);
    }

    @Test
    void badInputIsA400NamingTheField() {
        String key = createKey("alice");
        assertThat(send("POST", "/v1/escalate", key, "{not json").status()).isEqualTo(400);
        assertThat(send("POST", "/v1/escalate", key, Map.of("query", "q")).text()).contains("request_id");
        assertThat(send("POST", "/v1/escalate", key, Map.of("request_id", "r", "query", "q", "max_tokens", 0)).text()).contains("max_tokens");
        Response unknown = send("POST", "/v1/escalate", key, Map.of("request_id", "r", "query", "q", "model_preference", "llama"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("llama");
        assertThat(send("POST", "/v1/escalate", key, Map.of("request_id", "r", "query", "q", "context", Map.of("constraints", "x"))).status())
                .isEqualTo(400);
        assertThat(PROVIDERS.calls.get()).isZero();
    }

    @Test
    void statusHealthAndCors() {
        String key = createKey("alice");
        Map<String, Object> status = json(send("GET", "/v1/status", key, null));
        assertThat(status).containsEntry("status", "ok");
        assertThat(status.get("providers").toString()).contains("reachable=true");
        assertThat(json(send("GET", "/health", null, null))).containsEntry("status", "ok");

        Response preflight = kiln.fetch(dev.kiln.api.Request.builder(kiln.url() + "/v1/escalate").method("OPTIONS")
                .header("origin", "http://localhost:3000").header("access-control-request-method", "POST").build());
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("access-control-allow-origin")).hasValue("http://localhost:3000");
        assertThat(preflight.header("access-control-allow-headers").orElseThrow()).contains("authorization");
        Response foreign = kiln.fetch(dev.kiln.api.Request.builder(kiln.url() + "/health").header("origin", "https://evil.example").build());
        assertThat(foreign.header("access-control-allow-origin")).isEmpty();
    }
}

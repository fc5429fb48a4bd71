package zeptoclaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.bindings.kv.KvStore;
import dev.kiln.bindings.kv.KvStores;
import dev.kiln.testing.KilnExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Heartbeats and incidents are read-modify-writes on KV lists: none may be lost, from here or from elsewhere. */
class AgentStateConsistencyTest {

    static final String ADMIN = "consistency-admin-token";

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml")
            .var("ZEPTOCLAW_GATEWAY_URLS", GatewaysDownTest.closedPortUrl())
            .var("ZEPTOCLAW_ADMIN_TOKEN", ADMIN)
            .var("ZEPTOCLAW_PROBE_INTERVAL_SECONDS", "0");

    private Response admin(String method, String path, String body) {
        return kiln.fetch(Request.builder(kiln.url() + path).method(method).header("authorization", "Bearer " + ADMIN).body(body).build());
    }

    @Test
    void concurrentHeartbeatsAndIncidentsAreAllKept() throws Exception {
        int each = 24;
        List<Future<Response>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < each; i++) {
                int n = i;
                calls.add(pool.submit(() -> admin("POST", "/heartbeat", "{\"agentId\":\"a1\",\"status\":\"ok\",\"metadata\":{\"beat\":" + n + "}}")));
                calls.add(pool.submit(() -> admin("POST", "/gateway/incident", "{\"message\":\"incident-" + n + "\"}")));
            }
        }
        for (Future<Response> call : calls) {
            assertThat(call.get().status()).isBetween(200, 201);
        }
        String state = kiln.fetch("/state").text();
        assertThat(state).contains("\"heartbeatCount\":" + each);
        String incidents = kiln.fetch("/gateway/incidents").text();
        for (int i = 0; i < each; i++) {
            assertThat(state).contains("\"beat\":" + i + "}");
            assertThat(incidents).contains("\"incident-" + i + "\"");
        }
    }

    @Test
    void aWriteMadeElsewhereIsKeptByTheNextChange() {
        assertThat(admin("POST", "/gateway/incident", "{\"message\":\"first\"}").status()).isEqualTo(201);
        assertThat(admin("POST", "/heartbeat", "{\"agentId\":\"here\",\"status\":\"ok\"}").status()).isEqualTo(200);
        String incidents = kiln.fetch("/gateway/incidents").text();
        String firstIncident = incidents.substring("{\"incidents\":[".length(), incidents.length() - "]}".length());
        long now = System.currentTimeMillis();

        // As `kiln kv key put` does from another process: straight to the store, past this process's read cache.
        KvStore store = kiln.server().runtime().backend().store(KvStores.class).namespace("zeptoclaw-state");
        put(store, "incidents", "[" + firstIncident + ",{\"id\":\"x\",\"message\":\"written elsewhere\",\"reportedAt\":" + now + "}]");
        put(store, "heartbeats", "[{\"agentId\":\"elsewhere\",\"status\":\"ok\",\"receivedAt\":" + now + "}]");
        await().atMost(Duration.ofSeconds(5)).until(() -> kiln.fetch("/gateway/incidents").text().contains("written elsewhere")
                && kiln.fetch("/state").text().contains("\"agentId\":\"elsewhere\""));

        assertThat(admin("POST", "/gateway/incident", "{\"message\":\"second\"}").status()).isEqualTo(201);
        assertThat(admin("POST", "/heartbeat", "{\"agentId\":\"here-again\",\"status\":\"ok\"}").status()).isEqualTo(200);
        assertThat(kiln.fetch("/gateway/incidents").text()).contains("\"first\"").contains("\"written elsewhere\"").contains("\"second\"");
        assertThat(kiln.fetch("/state").text()).contains("\"heartbeatCount\":2").contains("\"agentId\":\"elsewhere\"")
                .contains("\"agentId\":\"here-again\"");
    }

    private static void put(KvStore store, String key, String json) {
        store.put(key, new KvStore.KvEntry(json.getBytes(StandardCharsets.UTF_8), 0, Optional.empty()));
    }
}

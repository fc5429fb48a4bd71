package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output gate covers every way out of a Durable Object event (bindings.md §2.4 rule 5): a write made before a
 * service call, a KV call or an outbound fetch is durable before that call leaves. The called worker looks at the
 * object's storage through the admin API, which reads committed data only.
 */
class OutputGateTest {

    @TempDir
    Path root;
    KilnServer server;

    static final String GATE_TOML = """
            name = "gate"
            main = "test.Front"
            compatibility_date = "2026-11-01"
            [[durable_objects.bindings]]
            name = "WRITERS"
            class_name = "Writer"
            [[services]]
            binding = "PEEK"
            service = "peek"
            [[kv_namespaces]]
            binding = "KV"
            id = "gate-kv"
            [[migrations]]
            tag = "v1"
            new_sqlite_classes = ["Writer"]
            """;

    static final String FRONT = """
            public final class Front implements Worker {
                public Response fetch(Request req, Env env, ExecutionContext ctx) {
                    return env.durableObject("WRITERS").getByName("w").fetch(req);
                }
            }
            """;

    // via=service: the object writes, then asks the peek worker over a service binding what the admin API sees of
    // that write at that moment. via=kv: the object writes, writes to KV, then fails: the write made before the KV
    // call was made durable for it, so it stays (writes made after a call that left roll back, those before stay).
    static final String WRITER = """
            public final class Writer implements DurableObject {
                private final DurableObjectState state;
                private final Env env;
                public Writer(DurableObjectState state, Env env) { this.state = state; this.env = env; }
                public Response fetch(Request req) {
                    String via = req.queryParam("via").orElseThrow();
                    Request peek = Request.builder("http://peek/").header("x-admin", req.header("x-admin").orElseThrow())
                            .header("x-token", req.header("x-token").orElseThrow()).build();
                    if (via.equals("read")) {
                        return env.service("PEEK").fetch(peek);
                    }
                    String value = req.queryParam("value").orElseThrow();
                    state.storage().put("n", value);
                    if (via.equals("kv")) {
                        env.kv("KV").put("after-write", value);
                        state.storage().put("n", "rolled back");
                        throw new IllegalStateException("failing after the KV write");
                    }
                    return env.service("PEEK").fetch(peek);
                }
            }
            """;

    static final String PEEK = """
                public Response fetch(Request req, Env env, ExecutionContext ctx) {
                    Response seen = ctx.fetch(Request.builder(req.header("x-admin").orElseThrow() + "/do/gate.Writer/name:w/storage/n")
                            .header("authorization", "Bearer " + req.header("x-token").orElseThrow()).build());
                    return Response.text(seen.status() + " " + seen.text());
                }
            """;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> call(String query) {
        return Http.get(server.url() + "/?" + query, "x-admin", server.adminUrl().toString(), "x-token", WorkerFixture.TOKEN);
    }

    private void start() {
        Path gate = ObjectProject.write(root, "gate", GATE_TOML, Map.of("Front", FRONT, "Writer", WRITER));
        Path peek = WorkerFixture.worker(root, "peek", PEEK, "");
        server = WorkerFixture.serve(root, WorkerFixture.options(root), gate, peek);
    }

    @Test
    void aServiceCallLeavesOnlyAfterTheWritesBeforeItAreDurable() {
        start();
        assertThat(call("via=service&value=1").body()).isEqualTo("200 \"1\"");
        assertThat(call("via=service&value=2").body()).isEqualTo("200 \"2\"");
    }

    @Test
    void aKvWriteLeavesOnlyAfterTheWritesBeforeItAreDurable() {
        start();
        assertThat(call("via=kv&value=3").statusCode()).isEqualTo(500);
        assertThat(call("via=read").body()).isEqualTo("200 \"3\"");
    }
}

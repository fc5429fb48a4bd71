package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A code reload: live objects run the new class on their next event, with their storage and pending alarm. */
class DurableObjectReloadTest {

    static final String MAIN = """
            public final class Main implements Worker {
                public Response fetch(Request req, Env env, ExecutionContext ctx) {
                    return env.durableObject("C").getByName("r").fetch(req);
                }
            }
            """;

    static String counter(String version) {
        return """
                public class Counter implements DurableObject {
                    final DurableObjectStorage storage;
                    public Counter(DurableObjectState state, Env env) {
                        storage = state.storage();
                    }
                    public Response fetch(Request request) {
                        if (request.path().equals("/alarm")) {
                            storage.setAlarm(java.time.Instant.now().plusMillis(1500));
                        }
                        long v = storage.get("v", Long.class).orElse(0L) + (request.method().equals("POST") ? 1 : 0);
                        storage.put("v", v);
                        return Response.text("%s:" + v + ":" + storage.get("fired", String.class).orElse("-"));
                    }
                    public void alarm(AlarmInvocationInfo info) {
                        storage.put("fired", "%s");
                    }
                }
                """.formatted(version, version);
    }

    static final String TOML = DurableObjectMigrationTest.toml("w", DurableObjectMigrationTest.binding("Counter", null), DurableObjectMigrationTest.V1);

    @TempDir
    Path root;
    KilnServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void objectsRunTheNewClassAndKeepStateAndAlarmsAcrossAReload() {
        Path worker = ObjectProject.write(root, "w", TOML, Map.of("Main", MAIN, "Counter", counter("one")));
        server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
        assertThat(Http.post(server.url() + "/", "").body()).isEqualTo("one:1:-");
        assertThat(Http.post(server.url() + "/alarm", "").body()).isEqualTo("one:2:-");
        ObjectProject.write(root, "w", TOML, Map.of("Main", MAIN, "Counter", counter("two")));
        server.runtime().reload(worker);
        assertThat(Http.get(server.url() + "/").body()).as("new class, same storage").startsWith("two:2:");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> Http.get(server.url() + "/").body(), body -> body.equals("two:2:two"));
    }
}

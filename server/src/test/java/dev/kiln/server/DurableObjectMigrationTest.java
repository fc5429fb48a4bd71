package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bindings.md §2.9 migrations, and bindings to classes of another worker ({@code script_name}). */
class DurableObjectMigrationTest {

    static final String MAIN = """
            public final class Main implements Worker {
                public Response fetch(Request req, Env env, ExecutionContext ctx) {
                    try {
                        var stub = env.durableObject("C").getByName(req.queryParam("name").orElse("a"));
                        return req.path().equals("/rpc") ? Response.text(String.valueOf(stub.rpc(Count.class).add(1))) : stub.fetch(req);
                    } catch (DurableObjectException e) {
                        return Response.text(e.status(), e.getMessage());
                    }
                }
            }
            """;

    static final String COUNT = """
            public interface Count {
                long add(long n);
            }
            """;

    static String counter(String className) {
        return """
                public class %s implements DurableObject, Count {
                    final DurableObjectStorage storage;
                    public %s(DurableObjectState state, Env env) {
                        storage = state.storage();
                    }
                    public long add(long n) {
                        long v = storage.get("v", Long.class).orElse(0L) + n;
                        storage.put("v", v);
                        return v;
                    }
                    public Response fetch(Request request) {
                        return Response.text(String.valueOf(add(request.method().equals("POST") ? 1 : 0)));
                    }
                }
                """.formatted(className, className);
    }

    static String toml(String name, String bindings, String migrations) {
        return "name = \"" + name + "\"\nmain = \"test.Main\"\ncompatibility_date = \"2026-11-01\"\n" + bindings + migrations;
    }

    static String binding(String className, String script) {
        return "[[durable_objects.bindings]]\nname = \"C\"\nclass_name = \"" + className + "\"\n"
                + (script == null ? "" : "script_name = \"" + script + "\"\n");
    }

    static final String V1 = "[[migrations]]\ntag = \"v1\"\nnew_sqlite_classes = [\"Counter\"]\n";

    @TempDir
    Path root;
    KilnServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void serve(Path... workers) {
        if (server != null) {
            server.close();
        }
        server = WorkerFixture.serve(root, WorkerFixture.options(root), workers);
    }

    private Path worker(String name, String toml, String... classes) {
        Map<String, String> sources = new java.util.HashMap<>(Map.of("Main", MAIN, "Count", COUNT));
        for (String c : classes) {
            sources.put(c, counter(c));
        }
        try {
            Path dir = root.resolve(name);
            if (Files.exists(dir.resolve("src"))) {
                try (var walk = Files.walk(dir.resolve("src"))) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ObjectProject.write(root, name, toml, sources);
    }

    private HttpResponse<String> post(String path) {
        return Http.post(server.url() + path, "");
    }

    @Test
    void aBoundClassWithoutAMigrationIsAnErrorNamingTheFix() {
        serve(worker("w", toml("w", binding("Counter", null), ""), "Counter"));
        HttpResponse<String> r = Http.get(server.url() + "/?name=a");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("Durable Object class \"Counter\" (binding \"C\") has no migration")
                .contains("[[migrations]]").contains("new_sqlite_classes = [\"Counter\"]");
    }

    @Test
    void renamedClassesKeepTheirObjectsAndIds() {
        serve(worker("w", toml("w", binding("Counter", null), V1), "Counter"));
        post("/?name=a");
        assertThat(post("/?name=a").body()).isEqualTo("2");
        serve(worker("w", toml("w", binding("Tally", null), V1
                + "[[migrations]]\ntag = \"v2\"\nrenamed_classes = [{from = \"Counter\", to = \"Tally\"}]\n"), "Tally"));
        assertThat(post("/?name=a").body()).as("same name, same id, same data under the new class").isEqualTo("3");
    }

    @Test
    void deletingAClassStillBoundIsRefusedAndDeletingItRemovesItsData() {
        serve(worker("w", toml("w", binding("Counter", null), V1), "Counter"));
        assertThat(post("/?name=a").body()).isEqualTo("1");
        String v2 = "[[migrations]]\ntag = \"v2\"\ndeleted_classes = [\"Counter\"]\n";
        serve(worker("w", toml("w", binding("Counter", null), V1 + v2), "Counter"));
        HttpResponse<String> refused = Http.get(server.url() + "/?name=a");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("deletes \"Counter\" but binding(s) [C] still use it; remove the binding first");
        serve(worker("w", toml("w", "", V1 + v2), "Counter"));
        assertThat(root.resolve("state/do/w.Counter")).doesNotExist();
        serve(worker("w", toml("w", binding("Counter", null), V1 + v2
                + "[[migrations]]\ntag = \"v3\"\nnew_sqlite_classes = [\"Counter\"]\n"), "Counter"));
        assertThat(post("/?name=a").body()).as("a re-created class starts empty").isEqualTo("1");
    }

    @Test
    void appliedTagsCannotChangeAndAClassNeverChangesBackend() {
        serve(worker("w", toml("w", binding("Counter", null), V1), "Counter"));
        post("/?name=a");
        serve(worker("w", toml("w", binding("Counter", null), "[[migrations]]\ntag = \"other\"\nnew_sqlite_classes = [\"Counter\"]\n"), "Counter"));
        assertThat(Http.get(server.url() + "/").body()).contains("migration tag \"v1\" was already applied");
        serve(worker("w", toml("w", binding("Counter", null), V1 + "[[migrations]]\ntag = \"v2\"\nnew_classes = [\"Counter\"]\n"), "Counter"));
        assertThat(Http.get(server.url() + "/").body()).contains("creates \"Counter\", which already exists as a SQLite-backed class");
    }

    @Test
    void aBindingReachesAClassOfAnotherWorkerAndRpcCrossesClassLoaders() {
        Path back = worker("back", toml("back", binding("Counter", null), V1), "Counter");
        Path front = worker("front", toml("front", binding("Counter", "back"), ""));
        serve(front, back);
        assertThat(Http.post(server.url() + "/rpc?name=x", "").body()).isEqualTo("1");
        assertThat(Http.post(server.url() + "/?name=x", "").body()).as("fetch reaches the same object").isEqualTo("2");
        assertThat(root.resolve("state/do/back.Counter")).as("the objects live under the defining worker").isDirectory();
        assertThat(root.resolve("state/do/front.Counter")).doesNotExist();
    }

    @Test
    void transferredClassesMoveToTheirNewWorker() {
        serve(worker("old", toml("old", binding("Counter", null), V1), "Counter"));
        post("/?name=t");
        assertThat(post("/?name=t").body()).isEqualTo("2");
        Path old = worker("old", toml("old", "", V1 + "[[migrations]]\ntag = \"v2\"\ndeleted_classes = []\n"));
        Path fresh = worker("fresh", toml("fresh", binding("Counter", null),
                "[[migrations]]\ntag = \"t1\"\ntransferred_classes = [{from = \"Counter\", from_script = \"old\", to = \"Counter\"}]\n"), "Counter");
        serve(fresh, old);
        assertThat(post("/?name=t").body()).isEqualTo("3");
    }
}

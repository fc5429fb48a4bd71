package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * D1 through a real worker on a real server (bindings.md §3): what a worker lets escape becomes a 500 with
 * the precise D1 message, nothing is half-written, and the next request works.
 */
class D1WorkerTest {

    @TempDir
    static Path root;
    static KilnServer server;

    @BeforeAll
    static void start() {
        Path worker = WorkerFixture.worker(root, "d1", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) {
                    D1Database db = env.d1("DB");
                    D1PreparedStatement insert = db.prepare("INSERT INTO users (name) VALUES (?)");
                    return switch (request.path()) {
                        case "/setup" -> Response.text(String.valueOf(db.exec("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)").count()));
                        case "/add" -> Response.text(String.valueOf(insert.bind(request.queryParam("name").orElseThrow()).run().meta().lastRowId()));
                        case "/names" -> Response.text(String.valueOf(db.prepare("SELECT group_concat(name, ',') AS n FROM (SELECT name FROM users ORDER BY id)").first("n").orElse("")));
                        case "/syntax" -> Response.text(db.prepare("SELEC * FROM users").all().toString());
                        case "/mismatch" -> Response.text(insert.bind("a", "b").run().toString());
                        case "/type" -> Response.text(insert.bind(new java.util.Date(0)).run().toString());
                        case "/batch" -> Response.text(db.batch(List.of(insert.bind("x1"), insert.bind("x2"), insert.bind("ada"))).toString());
                        case "/many" -> {
                            for (int i = 0; i < 1001; i++) {
                                db.prepare("SELECT 1").first();
                            }
                            yield Response.text("unreachable");
                        }
                        case "/caught" -> {
                            try {
                                db.prepare("SELECT * FROM missing").all();
                                yield Response.text("unreachable");
                            } catch (D1Exception e) {
                                yield Response.text(400, e.code() + " | " + e.getMessage());
                            }
                        }
                        default -> Response.text(404, "no route");
                    };
                }
                """, """
                [[d1_databases]]
                binding = "DB"
                database_name = "app"
                """);
        server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
        assertThat(Http.get(server.url() + "/setup").body()).isEqualTo("1");
        assertThat(Http.get(server.url() + "/add?name=ada").body()).isEqualTo("1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertFailsWith(String path, String message) {
        HttpResponse<String> r = Http.get(server.url() + path);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).startsWith("D1_ERROR: ").contains(message);
        assertThat(Http.get(server.url() + "/names").body()).as("the next request works").isEqualTo("ada");
    }

    @Test
    void theDatabaseLivesInTheStateDirectoryUnderItsName() {
        assertThat(root.resolve("state/d1/app.sqlite")).exists();
    }

    // bad input: invalid SQL → precise error, next request works
    @Test
    void invalidSqlIsA500WithTheSqliteMessage() {
        assertFailsWith("/syntax", "near \"SELEC\": syntax error");
    }

    // bad input: binding-parameter mismatch → precise error, nothing written
    @Test
    void aBindingMismatchIsA500AndWritesNothing() {
        assertFailsWith("/mismatch", "Wrong number of parameter bindings for SQL query: the statement takes 1, 2 given");
    }

    // bindings.md §3 types: other types → D1_TYPE_ERROR
    @Test
    void anUnsupportedTypeIsATypeError() {
        assertFailsWith("/type", "D1_TYPE_ERROR: Type 'java.util.Date' not supported");
    }

    // bindings.md §3 batch: one failing statement rolls back the batch
    @Test
    void aFailingBatchWritesNothing() {
        assertFailsWith("/batch", "UNIQUE constraint failed: users.name: SQLITE_CONSTRAINT_UNIQUE (batch statement 3 of 3");
    }

    // bindings.md §3 limits: queries per invocation follow the subrequest / storage-operation limit
    @Test
    void tooManyQueriesInOneInvocationAreStopped() {
        HttpResponse<String> r = Http.get(server.url() + "/many");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("Too many storage operations in one invocation: 1001 > 1000");
        assertThat(Http.get(server.url() + "/names").body()).isEqualTo("ada");
    }

    @Test
    void aWorkerCanCatchD1ExceptionsAndReadTheirCode() {
        HttpResponse<String> r = Http.get(server.url() + "/caught");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("D1_ERROR | D1_ERROR: no such table: missing: SQLITE_ERROR");
    }
}

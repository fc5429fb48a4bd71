package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.RuntimeOptions;
import dev.kiln.runtime.TailBus;
import dev.kiln.runtime.TailEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and failing workers: each gets a precise error, and the server keeps serving every worker.
 * Raw-socket tests check the exact status of malformed HTTP, then that the next request works.
 */
class BadInputTest {

    @TempDir
    static Path root;
    static KilnServer server;

    @BeforeAll
    static void start() {
        Path good = WorkerFixture.worker(root, "good", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) {
                    return switch (request.path()) {
                        case "/throw" -> throw new IllegalStateException("boom with detail");
                        case "/null" -> null;
                        case "/undeclared" -> Response.text(env.var("NOPE"));
                        case "/binding" -> { env.service("NOPE"); yield Response.text("unreachable"); }
                        case "/body" -> Response.text(Integer.toString(request.bytes().length));
                        default -> Response.text("good");
                    };
                }
                """, "");
        Path broken = WorkerFixture.worker(root, "broken", "this does not compile;", "");
        Path throwing = WorkerFixture.worker(root, "ctor", """
                public Wctor() { throw new IllegalStateException("constructor failed"); }
                public Response fetch(Request request, Env env, ExecutionContext ctx) { return Response.text("never"); }
                """, "");
        RuntimeOptions options = WorkerFixture.options(root).withMaxRequestBodyBytes(1024);
        server = WorkerFixture.serve(root, options, good, broken, throwing);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aThrowingHandlerGives500WithTheRequestIdAndNoDetails() {
        HttpResponse<String> r = Http.get(server.url() + "/throw");
        assertThat(r.statusCode()).isEqualTo(500);
        String id = r.headers().firstValue("kiln-request-id").orElseThrow();
        assertThat(r.body()).contains("request id " + id).doesNotContain("boom with detail");
        assertThat(Http.get(server.url() + "/").body()).isEqualTo("good");
    }

    @Test
    void aNullResponseIsA500() {
        assertThat(Http.get(server.url() + "/null").statusCode()).isEqualTo(500);
    }

    @Test
    void anUndeclaredVarOrBindingIsAClearError() {
        HttpResponse<String> var = Http.get(server.url() + "/undeclared");
        assertThat(var.statusCode()).isEqualTo(500);
        assertThat(var.body()).contains("no var or secret named 'NOPE'");
        assertThat(Http.get(server.url() + "/binding").body()).contains("no binding named 'NOPE'");
    }

    @Test
    void aWorkerThatDoesNotCompileAnswers503WithTheCompilerError() {
        HttpResponse<String> r = Http.get(server.url() + "/", "Host", "broken.localhost");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("Worker 'broken' failed to load").contains("Wbroken.java:5:");
        assertThat(Http.get(server.url() + "/").body()).isEqualTo("good");
    }

    @Test
    void aWorkerWhoseConstructorThrowsAnswers500WithTheRequestIdOnlyAndTailHasTheDetails() throws InterruptedException {
        try (TailBus.Subscription tail = server.runtime().tail().subscribe()) {
            HttpResponse<String> r = Http.get(server.url() + "/", "Host", "ctor.localhost");
            assertThat(r.statusCode()).isEqualTo(500);
            String id = r.headers().firstValue("kiln-request-id").orElseThrow();
            assertThat(r.body()).contains("Worker 'ctor' failed to start (request id " + id + ")")
                    .doesNotContain("constructor failed").doesNotContain("IllegalStateException");
            TailEvent event = tail.poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.requestId()).isEqualTo(id);
            assertThat(event.outcome()).isEqualTo("exception");
            assertThat(event.exceptions()).singleElement().satisfies(e -> assertThat(e.message()).contains("threw in its constructor")
                    .contains("constructor failed"));
        }
    }

    // bindings.md §12: request body over the limit → 413
    @Test
    void aBodyOverTheLimitIsRejectedWith413() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST /body HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2000\r\n\r\n" + "x".repeat(2000));
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 413");
        }
        assertThat(Http.post(server.url() + "/body", "x".repeat(1000)).body()).isEqualTo("1000");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRejectedWith413() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            String chunk = Integer.toHexString(800) + "\r\n" + "y".repeat(800) + "\r\n";
            raw.send("POST /body HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 413").contains("Request body is too large");
        }
    }

    @Test
    void malformedRequestLineOrHeaderGets400WithAReasonAndTheServerKeepsServing() throws Exception {
        for (String bad : new String[] {"GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"}) {
            try (RawHttp raw = new RawHttp(server.port())) {
                raw.send(bad);
                String response = raw.readResponse();
                assertThat(response).startsWith("HTTP/1.1 400");
                assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).isNotBlank();
            }
        }
        assertThat(Http.get(server.url() + "/").body()).isEqualTo("good");
    }

    @Test
    void bytesThatAreNotHttpGet400AndTheServerKeepsServing() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("THIS IS NOT HTTP\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(Http.get(server.url() + "/").body()).isEqualTo("good");
    }

    @Test
    void invalidContentLengthGets400() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST /body HTTP/1.1\r\nHost: localhost\r\nContent-Length: 47a\r\n\r\nabc");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400");
        }
        assertThat(Http.get(server.url() + "/").body()).isEqualTo("good");
    }

    @Test
    void oversizeHeadersAreRejected() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(200 * 1024) + "\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 431");
        }
        assertThat(Http.get(server.url() + "/").body()).isEqualTo("good");
    }
}

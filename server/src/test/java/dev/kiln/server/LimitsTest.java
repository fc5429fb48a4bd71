package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtime limits (bindings.md §12): subrequests and CPU time, each a clear error naming both sides. */
class LimitsTest {

    @TempDir
    static Path root;
    static KilnServer server;
    static HttpServer upstream;

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = "upstream".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        Path worker = WorkerFixture.worker(root, "lim", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) {
                    if (request.path().equals("/spin")) {
                        long x = 0;
                        long end = System.nanoTime() + 1_500_000_000L; // wall time: enough CPU (> 100 ms) even on a busy machine
                        while (System.nanoTime() < end) { x += System.nanoTime() % 7; }
                        ctx.fetch(env.var("UPSTREAM"));
                        return Response.text("spun " + x);
                    }
                    int n = Integer.parseInt(request.queryParam("n").orElse("1"));
                    String last = "";
                    for (int i = 0; i < n; i++) last = ctx.fetch(env.var("UPSTREAM")).text();
                    return Response.text(n + " " + last);
                }
                """, "[limits]\nsubrequests = 3\ncpu_ms = 100\n[vars]\nUPSTREAM = \"http://127.0.0.1:" + upstream.getAddress().getPort() + "/\"\n");
        Path pass = WorkerFixture.worker(root, "pass", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) {
                    if (request.path().equals("/pass-through")) ctx.passThroughOnException();
                    throw new IllegalStateException("handler failed");
                }
                """, "[dev]\nhost = \"127.0.0.1:" + upstream.getAddress().getPort() + "\"\nupstream_protocol = \"http\"\n");
        server = WorkerFixture.serve(root, WorkerFixture.options(root), worker, pass);
    }

    @AfterAll
    static void stop() {
        server.close();
        upstream.stop(0);
    }

    @Test
    void subrequestsUpToTheLimitWork() {
        assertThat(Http.get(server.url() + "/?n=3").body()).isEqualTo("3 upstream");
    }

    @Test
    void oneSubrequestOverTheLimitFails() {
        HttpResponse<String> r = Http.get(server.url() + "/?n=4");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("Too many subrequests: 4 > limits.subrequests = 3");
    }

    // bindings.md §12: passThroughOnException forwards to the origin instead of answering 500
    @Test
    void passThroughOnExceptionForwardsTheRequestToTheOrigin() {
        HttpResponse<String> r = Http.get(server.url() + "/pass-through", "Host", "pass.localhost");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("upstream");
        HttpResponse<String> without = Http.get(server.url() + "/no-pass", "Host", "pass.localhost");
        assertThat(without.statusCode()).isEqualTo(500);
    }

    @Test
    void cpuBeyondTheLimitIsDetectedAtTheNextKilnCall() {
        HttpResponse<String> r = Http.get(server.url() + "/spin");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).containsPattern("Worker exceeded CPU time limit: \\d+ ms > limits.cpu_ms = 100 ms");
    }
}

package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests and responses through a real server: bodies, JSON, keep-alive, streaming both ways. */
class ServingTest {

    @TempDir
    static Path root;
    static KilnServer server;

    @BeforeAll
    static void start() {
        Path worker = WorkerFixture.worker(root, "serve", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) throws Exception {
                    return switch (request.path()) {
                        case "/text" -> Response.text("hi " + request.queryParam("who").orElse("nobody"));
                        case "/json" -> Response.json(Map.of("method", request.method(), "n", request.json(Map.class).get("n")));
                        case "/echo" -> Response.builder(201).header("x-len", Integer.toString(request.bytes().length)).body(Body.of(request.bytes())).build();
                        case "/var" -> Response.text(env.var("MODE") + "/" + env.var("LIST", List.class).size());
                        case "/slow-stream" -> Response.eventStream(events -> {
                            events.send("first", "1");
                            try { Thread.sleep(1500); } catch (InterruptedException e) { throw new java.io.IOException(e); }
                            events.send("second", "2");
                        });
                        case "/endless-stream" -> Response.eventStream(events -> {
                            for (int i = 0; i < 500; i++) {
                                events.send("tick", Integer.toString(i));
                                try { Thread.sleep(20); } catch (InterruptedException e) { throw new java.io.IOException(e); }
                            }
                        });
                        case "/count-body" -> {
                            long n = 0;
                            try (var in = request.body().stream()) { byte[] buf = new byte[8192]; int r; while ((r = in.read(buf)) > 0) n += r; }
                            yield Response.text(Long.toString(n));
                        }
                        default -> Response.text(404, "no " + request.path());
                    };
                }
                """, "[vars]\nMODE = \"test\"\nLIST = [1, 2, 3]\n");
        server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void answersTextWithQueryParameters() {
        HttpResponse<String> r = Http.get(server.url() + "/text?who=Ada%20L");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hi Ada L");
        assertThat(r.headers().firstValue("kiln-request-id")).hasValueSatisfying(id -> assertThat(id).hasSize(16));
    }

    @Test
    void decodesAndEncodesJson() {
        HttpResponse<String> r = Http.post(server.url() + "/json", "{\"n\": 7}");
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.body()).contains("\"method\":\"POST\"").contains("\"n\":7");
    }

    @Test
    void readsVarsIncludingJsonValues() {
        assertThat(Http.get(server.url() + "/var").body()).isEqualTo("test/3");
    }

    @Test
    void echoesBinaryBodiesWithStatusAndHeaders() throws Exception {
        byte[] payload = new byte[300_000];
        new java.util.Random(1).nextBytes(payload);
        HttpResponse<byte[]> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("x-len")).hasValue("300000");
        assertThat(r.body()).isEqualTo(payload);
    }

    @Test
    void streamsARequestBodyOfUnknownLength() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/count-body"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                        java.util.Collections.enumeration(java.util.Collections.nCopies(40, chunk).stream()
                                .map(java.io.ByteArrayInputStream::new).toList())))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo(Integer.toString(40 * 64 * 1024));
    }

    @Test
    void keepsTheConnectionAliveAcrossRequests() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            for (int i = 0; i < 3; i++) {
                raw.send("GET /text?who=" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertThat(raw.readResponse()).startsWith("HTTP/1.1 200").endsWith("hi " + i);
            }
        }
    }

    @Test
    void sendsEachServerSentEventBeforeTheHandlerFinishes() throws Exception {
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/slow-stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("event: first");
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            // The handler sleeps 1.5 s before the second event: the first must arrive well before that.
            assertThat(firstMillis).isLessThan(1200);
            assertThat(lines.readLine()).isEqualTo("data: 1");
            assertThat(lines.readLine()).isEmpty();
            assertThat(lines.readLine()).isEqualTo("event: second");
        }
    }

    @Test
    void aClientThatLeavesMidStreamIsACanceledOutcomeAndTheServerKeepsServing() throws Exception {
        try (var tail = server.runtime().tail().subscribe()) {
            try (RawHttp raw = new RawHttp(server.url().getPort())) {
                raw.send("GET /endless-stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertThat(raw.readUntil("event: tick")).contains("200");
            }
            dev.kiln.runtime.TailEvent event = null;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (event == null && System.nanoTime() < deadline) {
                dev.kiln.runtime.TailEvent e = tail.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (e != null && e.request().map(r -> r.url().endsWith("/endless-stream")).orElse(false)) {
                    event = e;
                }
            }
            assertThat(event).as("tail event of the abandoned stream").isNotNull();
            assertThat(event.outcome()).isEqualTo("canceled");
            assertThat(event.exceptions()).isEmpty();
        }
        assertThat(Http.get(server.url() + "/text?who=next").body()).isEqualTo("hi next");
    }
}

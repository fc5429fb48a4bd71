package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.RuntimeOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9112 message framing on the worker port, over raw sockets: a head that can be read two ways is refused
 * with 400 and its connection closed, so nothing after it can be taken for another request.
 */
class FramingTest {

    @TempDir
    static Path root;
    static KilnServer server;

    @BeforeAll
    static void start() {
        Path worker = WorkerFixture.worker(root, "echo", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) {
                    return Response.text(request.path() + " " + request.bytes().length);
                }
                """, "");
        server = WorkerFixture.serve(root, WorkerFixture.options(root).withMaxRequestBodyBytes(1024), worker);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends the head and a body that is itself a request; expects 400, then the connection closed. */
    private static void refused(String head, String status) throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(head + "\r\n" + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 " + status).contains("Connection: close");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(Http.get(server.url() + "/after").body()).isEqualTo("/after 0");
    }

    @Test
    void contentLengthWithTransferEncodingIsRefused() throws Exception {
        refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n", "400");
    }

    @Test
    void differingContentLengthsAreRefused() throws Exception {
        refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 40\r\n", "400");
        refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 40\r\n", "400");
    }

    @Test
    void equalDuplicateContentLengthsAreServed() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST /dup HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 200").endsWith("/dup 3");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+3", "-1", "0x3", " ", "99999999999999999999"})
    void aContentLengthThatIsNotDigitsIsRefused(String length) throws Exception {
        refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n", "400");
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked, identity", "identity", "gzip", "gzip, chunked", "chunked, chunked", "xchunked"})
    void aTransferEncodingOtherThanChunkedIsRefused(String coding) throws Exception {
        refused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + "\r\n", "400");
    }

    @Test
    void aBodyRefusedWith413IsNeverParsedAsTheNextRequest() throws Exception {
        String smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + smuggled + "x".repeat(2000 - smuggled.length()));
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 413").contains("Connection: close");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void aGarbageRequestLineGets400() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("THIS IS NOT HTTP\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void anInvalidMethodTokenGets400() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("G(T / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void aHeaderBlockOverTheLimitGets431() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(200 * 1024) + "\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 431");
        }
        assertThat(Http.get(server.url() + "/after").body()).isEqualTo("/after 0");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 1024 * 1024})
    void aBadChunkSizeLineGets400AndClosesAndIsNotTheWorkersException(int lineLength) throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + "z".repeat(lineLength)
                    + "\r\nabc\r\n0\r\n\r\n");
            String response = raw.readResponse();
            assertThat(response).startsWith("HTTP/1.1 400").contains("Connection: close");
            assertThat(response.length()).isLessThan(1024);
            assertThat(raw.closedByServer()).isTrue();
        }
        String metrics = Http.get(server.adminUrl() + "/metrics", "Authorization", "Bearer " + WorkerFixture.TOKEN).body();
        assertThat(metrics).containsPattern("kiln_requests_total\\{status=\"4xx\",worker=\"echo\"} [1-9]")
                .doesNotContainPattern("kiln_exceptions_total\\{worker=\"echo\"} [1-9]");
    }

    @Test
    void http10IsRefusedWithAStatus() throws Exception {
        // Helidon 4 has no HTTP/1.0 connection; it answers 505 rather than closing silently.
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET / HTTP/1.0\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 505");
        }
    }
}

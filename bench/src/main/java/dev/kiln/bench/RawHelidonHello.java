package dev.kiln.bench;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;

/**
 * The raw HTTP server Kiln is built on, with nothing of Kiln: Helidon 4 SE answering {@code ok}
 * ({@code text/plain}) to {@code GET /}, each request on its own virtual thread (Helidon's default). The
 * benchmark's floor for server CPU per request.
 *
 * <p>Usage: {@code RawHelidonHello PORT} (binds 127.0.0.1 only)
 */
public final class RawHelidonHello {

    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private RawHelidonHello() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: RawHelidonHello PORT");
            System.exit(2);
        }
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .backlog(4096)
                .routing(routing -> routing.get("/", (req, res) -> res.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN).send(OK)))
                .build()
                .start();
        System.out.println("helidon-raw listening on 127.0.0.1:" + server.port());
    }
}

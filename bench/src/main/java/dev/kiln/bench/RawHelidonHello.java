package dev.kiln.bench;

import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;

/**
 * The raw HTTP server Kiln is built on, with nothing of Kiln: Helidon 4 SE answering {@code ok} to
 * {@code GET /} on a virtual thread per request. The benchmark's floor for server CPU per request.
 *
 * <p>Usage: {@code RawHelidonHello PORT}
 */
public final class RawHelidonHello {

    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private RawHelidonHello() {
    }

    public static void main(String[] args) {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .backlog(4096)
                .routing(routing -> routing.get("/", (req, res) -> res.send(OK)))
                .build()
                .start();
        System.out.println("helidon-raw listening on 127.0.0.1:" + server.port());
    }
}

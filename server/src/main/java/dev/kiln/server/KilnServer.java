package dev.kiln.server;

import dev.kiln.runtime.KilnRuntime;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link KilnRuntime}: workers on one listener, the admin API on another. Requests run on virtual
 * threads (one per request, as Helidon 4 does). {@link #close()} drains in-flight work before stopping.
 */
public final class KilnServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KilnServer.class);
    private static final String ADMIN = "admin";
    /** bindings.md §12: URL up to 16 KB, request headers up to 128 KB. */
    private static final int MAX_PROLOGUE = 16 * 1024 + 64;
    private static final int MAX_HEADERS = 128 * 1024;

    private final KilnRuntime runtime;
    private final WebServer server;

    private KilnServer(KilnRuntime runtime, WebServer server) {
        this.runtime = runtime;
        this.server = server;
    }

    /** Starts both listeners; returns once they accept connections. */
    public static KilnServer start(KilnRuntime runtime, ServerOptions options) {
        return start(runtime, options, WebSocketConnection.Timing.DEFAULT);
    }

    /** As {@link #start(KilnRuntime, ServerOptions)}, with how WebSocket connections watch their clients. */
    static KilnServer start(KilnRuntime runtime, ServerOptions options, WebSocketConnection.Timing webSocketTiming) {
        WorkerHandler workers = new WorkerHandler(runtime);
        AdminRoutes admin = new AdminRoutes(runtime, options.adminToken());
        Http1Config http1 = Http1Config.builder()
                .maxPrologueLength(MAX_PROLOGUE)
                .maxHeadersSize(MAX_HEADERS)
                .build();
        WebServer server = WebServer.builder()
                .host(options.host())
                .port(options.port())
                .backlog(4096)
                .shutdownHook(false)
                .addProtocol(http1)
                .addConnectionSelector(webSockets(runtime, http1, webSocketTiming)) // ahead of the plain HTTP/1 selector
                .connectionOptions(socket -> socket.tcpNoDelay(true)) // streamed chunks go out now, not after an ACK
                .errorHandling(errors -> errors.includeEntity(true)) // say what was malformed, not just 400
                .routing(routing -> routing.any(workers))
                .putSocket(ADMIN, socket -> socket
                        .host(options.adminHost())
                        .port(options.adminPort())
                        .addProtocol(http1)
                        .errorHandling(errors -> errors.includeEntity(true))
                        .routing(admin::register))
                .build()
                .start();
        return new KilnServer(runtime, server);
    }

    /** HTTP/1.1 for the worker listener, with WebSocket upgrades run through the workers. */
    private static Http1ConnectionSelector webSockets(KilnRuntime runtime, Http1Config http1, WebSocketConnection.Timing timing) {
        var selector = Http1ConnectionSelector.builder().config(http1);
        for (String spelling : new String[] {"websocket", "WebSocket", "Websocket"}) {
            selector.addUpgrader(new WebSocketUpgrader(runtime, spelling, timing));
        }
        return selector.build();
    }

    /** @return the worker listener's port */
    public int port() {
        return server.port();
    }

    /** @return the admin listener's port */
    public int adminPort() {
        return server.port(ADMIN);
    }

    /** @return the runtime served */
    public KilnRuntime runtime() {
        return runtime;
    }

    /** @return the worker listener's URL on loopback */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** @return the admin listener's URL on loopback */
    public URI adminUrl() {
        return URI.create("http://127.0.0.1:" + adminPort());
    }

    /** Drains in-flight requests and waitUntil work (up to the runtime's drain timeout), then stops. */
    @Override
    public void close() {
        Duration timeout = runtime.options().drainTimeout();
        if (!runtime.drain(timeout)) {
            LOG.warn("{} invocation(s) still running after {} s; stopping anyway", runtime.inFlight(), timeout.toSeconds());
        }
        server.stop();
        runtime.close();
    }
}

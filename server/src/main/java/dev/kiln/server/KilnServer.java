package dev.kiln.server;

import dev.kiln.runtime.KilnRuntime;
import dev.kiln.http.HttpListener;
import io.helidon.webserver.http1.Http1Config;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link KilnRuntime}: workers on one listener, the admin API on another. Requests run on virtual
 * threads (one per request, as Helidon 4 does). {@link #close()} drains in-flight work before stopping.
 */
public final class KilnServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KilnServer.class);
    /** bindings.md §12: URL up to 16 KB, request headers up to 128 KB. */
    private static final int MAX_PROLOGUE = 16 * 1024 + 64;
    private static final int MAX_HEADERS = 128 * 1024;

    private final KilnRuntime runtime;
    /** The worker listener, the admin listener, then any {@link #report reported} one. */
    private final List<HttpListener> listeners;

    private KilnServer(KilnRuntime runtime, List<HttpListener> listeners) {
        this.runtime = runtime;
        this.listeners = listeners;
    }

    /** Starts both listeners; returns once they accept connections. */
    public static KilnServer start(KilnRuntime runtime, ServerOptions options) {
        return start(runtime, options, WebSocketConnection.Timing.DEFAULT);
    }

    /** As {@link #start(KilnRuntime, ServerOptions)}, with how WebSocket connections watch their clients. */
    static KilnServer start(KilnRuntime runtime, ServerOptions options, WebSocketConnection.Timing webSocketTiming) {
        WorkerHandler workers = new WorkerHandler(runtime);
        HttpListener.Builder http = HttpListener.builder("http")
                .host(options.host())
                .port(options.port())
                .http1(limits())
                .routing(routing -> routing.any(workers))
                .server(server -> server
                        .backlog(4096)
                        .connectionOptions(socket -> socket.tcpNoDelay(true))); // streamed chunks go out now, not after an ACK
        for (String spelling : new String[] {"websocket", "WebSocket", "Websocket"}) {
            http.addUpgrader(new WebSocketUpgrader(runtime, spelling, webSocketTiming));
        }
        HttpListener workerListener = http.start();
        List<HttpListener> listeners = new CopyOnWriteArrayList<>(List.of(workerListener));
        AdminRoutes admin = new AdminRoutes(runtime, options.adminToken(),
                () -> listeners.stream().map(HttpListener::status).toList());
        try {
            listeners.add(HttpListener.builder("admin")
                    .host(options.adminHost())
                    .port(options.adminPort())
                    .http1(limits())
                    .routing(admin::register)
                    .start());
        } catch (RuntimeException e) {
            workerListener.close();
            throw e;
        }
        return new KilnServer(runtime, listeners);
    }

    private static Consumer<Http1Config.Builder> limits() {
        return http1 -> http1.maxPrologueLength(MAX_PROLOGUE).maxHeadersSize(MAX_HEADERS);
    }

    /** Reports another listener of this process (the S3 API's) in the admin API's {@code /healthz}. */
    public void report(HttpListener listener) {
        listeners.add(listener);
    }

    /** @return the worker listener's port */
    public int port() {
        return listeners.get(0).port();
    }

    /** @return the admin listener's port */
    public int adminPort() {
        return listeners.get(1).port();
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
        listeners.get(0).close();
        listeners.get(1).close();
        runtime.close();
    }
}

package dev.kiln.http;

import io.helidon.http.DirectHandler.EventType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 listener (a Helidon {@link WebServer} of one socket) hardened the same way for every Kiln port:
 * a connection limit with clean refusal ({@link ConnectionLimit}), header-read and idle timeouts, strict RFC 9112
 * framing ({@link RequestFraming}), {@code Connection: close} honoured ({@link ConnectionCloseFilter}), statuses
 * for malformed input ({@link MalformedRequests}), and an accept loop that comes back.
 *
 * <p>Coming back: Helidon's accept loop stops for good on any accept error, {@code EMFILE} included ("this
 * server socket is terminating now": {@code ServerListener.listen} in 4.3.1 to 4.5.3, and its successor on
 * Helidon's main branch; no upstream issue found), closing the port while the process runs on. The connection
 * limit keeps connections from exhausting descriptors, but other files can. So a watchdog connects to the port
 * every second; when the port refuses, it starts the listener again on the same port, and
 * retries every second until it binds. {@link #status()} says whether the port accepted at the last check.
 */
public final class HttpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
    /** Accepted beyond the limit only to be refused: bounds descriptors when refusals arrive faster than they finish. */
    private static final int REFUSAL_SLACK = 64;
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kiln-listener-guard").daemon().factory());

    private final Builder config;
    private final ConnectionLimit limit;
    private final int port;
    private final ScheduledFuture<?> watchdog;
    private volatile WebServer server;
    private volatile boolean accepting = true;
    private volatile boolean closed;

    private HttpListener(Builder config) {
        this.config = config;
        Http1Config http1 = Http1Config.builder()
                .update(config.http1)
                .addReceiveListener(new RequestFraming(TIMER, config.settings.headerTimeout()))
                .build();
        var selector = Http1ConnectionSelector.builder().config(http1);
        config.upgraders.forEach(selector::addUpgrader);
        this.limit = new ConnectionLimit(selector.build(), config.settings.maxConnections());
        this.server = create(config.port).start();
        this.port = server.port();
        this.watchdog = TIMER.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** @return a builder of a listener called {@code name} (in logs and {@link #status()}) */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    private WebServer create(int bindPort) {
        ListenerSettings settings = config.settings;
        WebServerConfig.Builder server = WebServer.builder()
                .host(config.host)
                .port(bindPort)
                .shutdownHook(false)
                .protocolsDiscoverServices(false) // ConnectionLimit is the only selector
                .addConnectionSelector(limit)
                .maxTcpConnections(settings.maxConnections() + REFUSAL_SLACK)
                .idleConnectionTimeout(settings.idleTimeout())
                .idleConnectionPeriod(min(settings.idleTimeout().dividedBy(2), Duration.ofSeconds(5)))
                .errorHandling(errors -> errors.includeEntity(true)) // say what was malformed, not just 400
                .directHandlers(handlers -> handlers
                        .addHandler(EventType.BAD_REQUEST, new MalformedRequests())
                        .addHandler(EventType.INTERNAL_ERROR, new MalformedRequests()))
                .routing(routing -> {
                    routing.addFilter(new ConnectionCloseFilter());
                    config.routing.accept(routing);
                });
        config.server.accept(server);
        return server.build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private void check() {
        try {
            checkOnce();
        } catch (Throwable e) {
            // Out of descriptors, building a server can fail with an Error (a ServiceLoader that cannot read its
            // configuration); a periodic task that throws is never run again, and this one must be.
            accepting = false;
            LOG.debug("listener {}: check failed", config.name, e);
        }
    }

    private void checkOnce() {
        if (closed) {
            return;
        }
        String probeHost = config.host.equals("0.0.0.0") || config.host.equals("::") ? "127.0.0.1" : config.host;
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(probeHost, port), (int) CHECK_EVERY.toMillis());
            recovered();
        } catch (ConnectException e) {
            restart(e);
        } catch (SocketTimeoutException e) {
            accepting = false; // the backlog is full: at the connection cap, waiting for connections to end
        } catch (IOException | RuntimeException e) {
            // No descriptor for the probe: the listener has none to accept with either.
            accepting = false;
            LOG.debug("listener {}: probe failed ({})", config.name, e.toString());
        }
    }

    private void recovered() {
        if (!accepting) {
            LOG.info("listener {} is accepting connections on port {} again", config.name, port);
        }
        accepting = true;
    }

    private synchronized void restart(ConnectException refused) {
        if (closed) {
            return;
        }
        if (accepting) {
            LOG.warn("listener {} stopped accepting on port {} ({}); starting it again", config.name, port, refused.getMessage());
            accepting = false;
        }
        try {
            server.stop();
        } catch (RuntimeException e) {
            LOG.debug("listener {}: stopping the dead server failed", config.name, e);
        }
        try {
            server = create(port).start();
            recovered();
        } catch (RuntimeException | Error e) {
            LOG.debug("listener {}: cannot bind port {} yet, retrying in {} ms", config.name, port, CHECK_EVERY.toMillis(), e);
        }
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return whether it accepted at the last check, and the connections open */
    public Status status() {
        return new Status(config.name, port, accepting, limit.open());
    }

    /** Stops accepting and closes its connections. */
    @Override
    public void close() {
        closed = true;
        watchdog.cancel(false);
        synchronized (this) {
            server.stop();
        }
    }

    /**
     * A listener's health, as the admin API's {@code /healthz} shows it.
     *
     * @param name the listener's name
     * @param port its port
     * @param accepting whether the port accepted a connection at the last check (once a second)
     * @param connections connections open now
     */
    public record Status(String name, int port, boolean accepting, int connections) {
    }

    /** What a listener serves; everything else is the shared hardening. */
    public static final class Builder {
        private final String name;
        private String host = "127.0.0.1";
        private int port;
        private ListenerSettings settings = ListenerSettings.fromSystemProperties();
        private Consumer<Http1Config.Builder> http1 = b -> { };
        private final List<Http1Upgrader> upgraders = new ArrayList<>();
        private Consumer<HttpRouting.Builder> routing = r -> { };
        private Consumer<WebServerConfig.Builder> server = b -> { };

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** @param host the address to bind */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** @param port the port; 0 picks a free one (kept across restarts) */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** @param settings limits and timeouts (default: {@link ListenerSettings#fromSystemProperties()}) */
        public Builder settings(ListenerSettings settings) {
            this.settings = Objects.requireNonNull(settings);
            return this;
        }

        /** @param http1 HTTP/1.1 parsing options (prologue and header limits, header validation) */
        public Builder http1(Consumer<Http1Config.Builder> http1) {
            this.http1 = Objects.requireNonNull(http1);
            return this;
        }

        /** @param upgrader a protocol upgrade from HTTP/1.1 (WebSocket) */
        public Builder addUpgrader(Http1Upgrader upgrader) {
            upgraders.add(Objects.requireNonNull(upgrader));
            return this;
        }

        /** @param routing the listener's routes */
        public Builder routing(Consumer<HttpRouting.Builder> routing) {
            this.routing = Objects.requireNonNull(routing);
            return this;
        }

        /** @param server further server options (socket options, content encoding, buffer sizes) */
        public Builder server(Consumer<WebServerConfig.Builder> server) {
            this.server = Objects.requireNonNull(server);
            return this;
        }

        /** Binds and starts; returns once the port accepts connections. */
        public HttpListener start() {
            return new HttpListener(this);
        }
    }
}

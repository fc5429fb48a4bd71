package dev.kiln.runtime;

import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.config.Binding;
import dev.kiln.config.ConfigException;
import dev.kiln.config.ConfigLoader;
import dev.kiln.config.Diagnostic;
import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BindingKinds;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts a set of workers in this process: loads them from their configurations, routes requests to them,
 * fires their crons, reloads them when their files change, and drains them on shutdown. Thread-safe.
 */
public final class KilnRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KilnRuntime.class);

    private final RuntimeOptions options;
    private final List<WorkerSpec> specs;
    private final TailBus tail = new TailBus();
    private final InFlight inFlight = new InFlight();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, WorkerMetrics> metrics = new ConcurrentHashMap<>();
    private final WorkerCompiler compiler;
    private final OutboundHttp outbound = new OutboundHttp();
    private final Backend backend;
    private final BindingHosts bindings;
    private final Dispatcher dispatcher;
    private final CronScheduler crons;
    private final SourceWatcher watcher;
    private final ReentrantLock reloadLock = new ReentrantLock();
    private volatile Router router = new Router(List.of());
    private volatile boolean draining;

    private KilnRuntime(RuntimeOptions options, List<WorkerSpec> specs) {
        this.options = options;
        this.specs = List.copyOf(specs);
        this.compiler = new WorkerCompiler(options.buildDir());
        this.backend = Backend.open(options.backend());
        this.dispatcher = new Dispatcher(() -> router, tail, inFlight);
        this.bindings = new BindingHosts(BindingKinds.all(), backend, name -> router.byName(name), dispatcher);
        this.crons = new CronScheduler(name -> router.byName(name), dispatcher);
        this.watcher = options.watch() ? new SourceWatcher(this::reload) : null;
    }

    /**
     * Loads every worker and starts their crons. A worker whose code fails to build or start is kept as
     * failed (its requests get 503 with the reason); a configuration error fails the whole start.
     *
     * @param specs the workers; the first is the default worker
     * @throws ConfigException if a configuration is invalid, or two workers share a name
     */
    public static KilnRuntime start(RuntimeOptions options, List<WorkerSpec> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no workers to run");
        }
        createDirectory(options.stateDir());
        KilnRuntime runtime = new KilnRuntime(options, specs);
        List<WorkerConfig> configs = new ArrayList<>();
        for (WorkerSpec spec : specs) {
            configs.add(loadConfig(spec));
        }
        checkUniqueNames(configs);
        List<Deployment> deployments = new ArrayList<>();
        for (WorkerConfig config : configs) {
            deployments.add(runtime.deploy(config, 1));
        }
        runtime.router = new Router(deployments);
        for (Deployment d : deployments) {
            runtime.crons.schedule(d);
            if (runtime.watcher != null) {
                runtime.watcher.watch(d.config().baseDir());
            }
        }
        return runtime;
    }

    /**
     * Runs a request through the worker it routes to. Never throws for worker faults: they become responses.
     * The caller writes {@link Exchange#response()} and then calls {@link Exchange#finish(Throwable)}.
     */
    public Exchange handle(Request request) {
        String path = request.path();
        if (draining) {
            return Dispatcher.reply(Response.builder(503).header("connection", "close").body("Kiln is shutting down\n").build());
        }
        if (options.testScheduled() && (path.equals("/__scheduled") || path.equals("/cdn-cgi/handler/scheduled"))) {
            return Dispatcher.reply(testScheduled(request, path));
        }
        return dispatcher.handle(request, path);
    }

    /** {@code GET /__scheduled?cron=EXPR} and {@code /cdn-cgi/handler/scheduled?cron=&time=}, as wrangler serves them. */
    private Response testScheduled(Request request, String path) {
        Optional<Deployment> target = router.route(request.url(), "/");
        if (target.isEmpty()) {
            return Response.text(404, "No worker is configured\n");
        }
        String cron = request.queryParam("cron").orElse("");
        Instant time;
        try {
            time = request.queryParam("time").map(KilnRuntime::parseTime).orElseGet(Instant::now);
        } catch (DateTimeParseException | NumberFormatException e) {
            return Response.text(400, "invalid time: " + request.queryParam("time").orElse("") + " (epoch milliseconds or ISO-8601)\n");
        }
        Optional<Throwable> failure = dispatcher.scheduled(target.get(), cron, time);
        boolean json = request.queryParam("format").filter("json"::equals).isPresent();
        if (json) {
            return Response.json(failure.isEmpty() ? 200 : 500, Map.of(
                    "outcome", failure.isEmpty() ? "ok" : "exception",
                    "noRetry", false,
                    "error", failure.map(Throwable::toString).orElse("")));
        }
        if (failure.isPresent()) {
            return Response.text(500, "scheduled handler failed: " + failure.get() + "\n");
        }
        return Response.text(path.equals("/__scheduled") ? "Ran scheduled event\n" : "ok");
    }

    private static Instant parseTime(String value) {
        return value.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(value)) : Instant.parse(value);
    }

    /**
     * Fires a worker's scheduled handler now, as a cron would.
     *
     * @return the handler's failure, if it failed
     * @throws IllegalArgumentException if no such worker runs here
     */
    public Optional<Throwable> fireScheduled(String worker, String cron, Instant scheduledTime) {
        Deployment d = router.byName(worker).orElseThrow(() -> new IllegalArgumentException("no worker named '" + worker + "'"));
        return dispatcher.scheduled(d, cron, scheduledTime);
    }

    /**
     * Re-reads the configuration and rebuilds the worker(s) whose configuration lives in {@code baseDir}.
     * If the new version fails to build, the running version keeps serving and the error is logged.
     */
    public void reload(Path baseDir) {
        reloadLock.lock();
        try {
            List<Deployment> next = new ArrayList<>(router.deployments());
            for (WorkerSpec spec : specs) {
                Optional<Deployment> current = next.stream().filter(d -> d.config().baseDir().equals(baseDir.toAbsolutePath().normalize())
                        || d.config().baseDir().equals(baseDir)).findFirst();
                if (current.isEmpty() || !sameSpec(spec, current.get())) {
                    continue;
                }
                WorkerConfig config;
                try {
                    config = loadConfig(spec);
                } catch (ConfigException e) {
                    LOG.error("not reloading {}: its configuration is invalid:\n{}", spec.config(), e.getMessage());
                    continue;
                }
                Deployment old = current.get();
                Deployment fresh = deploy(config, old.version() + 1);
                if (fresh.failure().isPresent() && old.failure().isEmpty()) {
                    LOG.error("worker '{}' not reloaded; version {} keeps serving:\n{}", old.name(), old.version(),
                            fresh.failure().get().getMessage());
                    continue;
                }
                next.set(next.indexOf(old), fresh);
                LOG.info("worker '{}' reloaded (version {})", fresh.name(), fresh.version());
            }
            Router updated = new Router(next);
            router = updated;
            for (Deployment d : updated.deployments()) {
                crons.schedule(d);
            }
        } finally {
            reloadLock.unlock();
        }
    }

    private static boolean sameSpec(WorkerSpec spec, Deployment d) {
        Path file = d.config().file().toAbsolutePath().normalize();
        Path asGiven = spec.config().toAbsolutePath().normalize();
        return file.equals(asGiven) || file.getParent().equals(asGiven);
    }

    /** @return the workers and their versions, the default first */
    public List<WorkerStatus> workers() {
        return router.deployments().stream().map(d -> new WorkerStatus(d.name(), d.version(), d.config().file().toString(),
                d.failure().map(Throwable::getMessage),
                d.config().routes().stream().map(WorkerConfig.Route::pattern).toList(), d.config().crons())).toList();
    }

    /** @return the configurations of the running workers, the default first */
    public List<WorkerConfig> configs() {
        return router.deployments().stream().map(Deployment::config).toList();
    }

    /**
     * Connects a worker's accepted WebSocket (from a {@code 101} response) to its client, once the server has
     * written the handshake: messages the worker already sent go out, and the client's events are delivered to
     * the returned endpoint.
     *
     * @throws IllegalStateException if the worker did not accept the socket, or it is already connected
     * @throws IllegalArgumentException if the socket was not made by {@link dev.kiln.api.WebSocket#create()}
     */
    public WebSocketEndpoint connectWebSocket(dev.kiln.api.WebSocket socket, WebSocketTransport transport) {
        if (!(socket instanceof dev.kiln.runtime.ServerWebSocket server)) {
            throw new IllegalArgumentException("not a WebSocket made by WebSocket.create(): " + socket.getClass().getName());
        }
        server.connect(transport, tail);
        return server;
    }

    /**
     * Tells a worker's WebSocket that the server answered its {@code 101} with an error instead (the request was
     * not a valid upgrade): it closes, and a Durable Object holding it stops listing it.
     */
    public void abandonWebSocket(dev.kiln.api.WebSocket socket) {
        if (socket instanceof dev.kiln.runtime.ServerWebSocket server) {
            server.abandon();
        }
    }

    /** @return the stream of invocation events for {@code kiln tail} */
    public TailBus tail() {
        return tail;
    }

    /** @return the metrics in Prometheus text format */
    public String scrapeMetrics() {
        return registry.scrape();
    }

    /** @return where bindings keep their data */
    public Backend backend() {
        return backend;
    }

    /**
     * @return the running host of a binding kind, by its class (the admin API reads Durable Objects through it)
     */
    public <H> Optional<H> bindingHost(Class<H> type) {
        return bindings.host(type);
    }

    /** @return the options this runtime runs with */
    public RuntimeOptions options() {
        return options;
    }

    /** @return the number of invocations not yet finished (including their waitUntil work) */
    public int inFlight() {
        return inFlight.count();
    }

    /**
     * Stops taking new requests (they get 503) and waits for in-flight invocations and their
     * {@code waitUntil} work.
     *
     * @return true if everything finished within the timeout
     */
    public boolean drain(Duration timeout) {
        draining = true;
        crons.close();
        try {
            return inFlight.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        draining = true;
        crons.close();
        if (watcher != null) {
            watcher.close();
        }
        outbound.close();
        bindings.close();
        router.deployments().forEach(Deployment::close);
        backend.close();
    }

    private Deployment deploy(WorkerConfig config, int version) {
        WorkerMetrics meters = metrics.computeIfAbsent(config.name(), name -> new WorkerMetrics(registry, name));
        Deployment d = Deployment.load(config, version, compiler, meters, outbound, bindings);
        d.failure().ifPresentOrElse(
                e -> LOG.error("worker '{}' failed to load:\n{}", config.name(), e.getMessage()),
                () -> LOG.info("worker '{}' loaded ({})", config.name(), config.main()));
        return d;
    }

    private static WorkerConfig loadConfig(WorkerSpec spec) {
        WorkerConfig config = ConfigLoader.load(spec.config(), spec.env(), spec.vars(), BindingKinds.all());
        for (Diagnostic d : config.diagnostics()) {
            LOG.warn("{}", d.format());
        }
        return config;
    }

    private static void checkUniqueNames(List<WorkerConfig> configs) {
        var seen = new HashSet<String>();
        for (WorkerConfig c : configs) {
            if (!seen.add(c.name())) {
                throw new ConfigException(List.of(new Diagnostic(Diagnostic.Severity.ERROR, c.file(), 0, 0,
                        "two workers are named '" + c.name() + "'; worker names must be unique in one Kiln process")));
            }
            for (Binding b : c.bindings()) {
                LOG.debug("worker '{}' binding {} ({}) -> {}", c.name(), b.name(), b.type(), b.target());
            }
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + dir, e);
        }
    }
}

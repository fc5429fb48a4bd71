package dev.kiln.runtime;

import dev.kiln.spi.KilnThreads;
import dev.kiln.api.KilnException;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.api.ScheduledController;
import dev.kiln.spi.WorkerLoadException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs handler invocations: fetch (from the server or a service binding) and scheduled. Maps failures to
 * responses, measures CPU and wall time, and reports each invocation to metrics and {@code kiln tail}.
 */
final class Dispatcher {

    private static final Set<String> REDACTED_HEADERS = Set.of("authorization", "cookie", "proxy-authorization", "set-cookie");

    private final Supplier<Router> router;
    private final TailBus tail;
    private final InFlight inFlight;

    public Dispatcher(Supplier<Router> router, TailBus tail, InFlight inFlight) {
        this.router = router;
        this.tail = tail;
        this.inFlight = inFlight;
    }

    /** Routes and runs an incoming request. */
    public Exchange handle(Request request, String path) {
        Optional<Deployment> target = router.get().route(request.url(), path);
        if (target.isEmpty()) {
            return reply(Response.text(404, "No worker is configured\n"));
        }
        return invoke(target.get(), request, null);
    }

    /** Runs a request through a worker (from the server, or from a service binding when parent is set). */
    public Exchange invoke(Deployment deployment, Request request, Invocation parent) {
        if (deployment.failure().isPresent()) {
            return loadFailure(deployment, request);
        }
        inFlight.enter();
        Invocation invocation;
        try {
            invocation = new Invocation(deployment, newRequestId(), tail.active(), parent);
        } catch (KilnException e) {
            inFlight.exit();
            return reply(errorResponse(e, "-"));
        }
        Invocation caller = parent;
        if (caller != null) {
            caller.pauseCpu();
        }
        Response response;
        Throwable error = null;
        invocation.enter();
        try {
            response = deployment.worker().fetch(request, deployment.env(), invocation);
            if (response == null) {
                throw new IllegalStateException(deployment.config().main() + ".fetch returned null");
            }
            invocation.checkCpu();
        } catch (Throwable e) {
            error = e;
            invocation.recordException(e);
            response = onException(invocation, request, e);
        } finally {
            invocation.exit();
            if (caller != null) {
                caller.enter();
            }
        }
        return new InvocationExchange(invocation, request, response, error);
    }

    /**
     * Answers for a worker that failed to load. A compiler error comes from the worker's sources and is shown;
     * an exception its code threw while being created may carry anything (a secret), so the client gets the
     * request id only, and the details go to the log and {@code kiln tail}.
     */
    private Exchange loadFailure(Deployment deployment, Request request) {
        WorkerLoadException failure = deployment.failure().get();
        if (!(failure instanceof WorkerStartException)) {
            return reply(Response.text(503, "Worker '" + deployment.name() + "' failed to load:\n" + failure.getMessage() + "\n"));
        }
        String requestId = newRequestId();
        deployment.log().error("[{}] worker '{}' is not running: {}", requestId, deployment.name(), failure.getMessage());
        if (tail.active()) {
            SecretMask mask = deployment.secretMask();
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            tail.publish(new TailEvent(deployment.name(), requestId, System.currentTimeMillis(), "fetch",
                    Optional.of(requestInfo(request, mask)), Optional.of(500), Optional.empty(), "exception", List.of(),
                    List.of(new TailEvent.ExceptionInfo(System.currentTimeMillis(), failure.getClass().getName(),
                            mask.apply(failure.getMessage()), mask.apply(trace.toString()))), -1, 0));
        }
        return reply(Response.text(500, "Worker '" + deployment.name() + "' failed to start (request id " + requestId
                + "); see `kiln tail` or the server log\n"), requestId);
    }

    /** Runs a worker's scheduled handler for one cron firing; returns the failure, if any. */
    public Optional<Throwable> scheduled(Deployment deployment, String cron, Instant scheduledTime) {
        if (deployment.failure().isPresent()) {
            return Optional.of(deployment.failure().get());
        }
        inFlight.enter();
        Invocation invocation = new Invocation(deployment, newRequestId(), tail.active(), null);
        Throwable error = null;
        invocation.enter();
        try {
            deployment.worker().scheduled(new Controller(cron, scheduledTime), deployment.env(), invocation);
            invocation.checkCpu();
        } catch (Throwable e) {
            error = e;
            invocation.recordException(e);
            deployment.log().error("[{}] scheduled handler failed for cron '{}'", invocation.requestId(), cron, e);
        } finally {
            invocation.exit();
        }
        complete(invocation, error, "scheduled", null, 0, cron);
        return Optional.ofNullable(error);
    }

    private Response onException(Invocation invocation, Request request, Throwable error) {
        Deployment deployment = invocation.deployment();
        if (invocation.passThrough() && !(error instanceof KilnException)) {
            Optional<String> origin = deployment.config().dev().host();
            if (origin.isEmpty()) {
                return Response.text(502, "passThroughOnException: no origin is configured ([dev] host) for worker '"
                        + deployment.name() + "' (request id " + invocation.requestId() + ")\n");
            }
            if (request.body().isUsed()) {
                return Response.text(502, "passThroughOnException: the request body was already read, so it cannot be forwarded (request id "
                        + invocation.requestId() + ")\n");
            }
            String forwarded = request.url().replaceFirst("^https?://[^/]+",
                    deployment.config().dev().upstreamProtocol() + "://" + origin.get());
            return deployment.outbound().send(request.toBuilder().url(forwarded).build());
        }
        if (!(error instanceof KilnException)) {
            deployment.log().error("[{}] {} threw", invocation.requestId(), deployment.config().main(), error);
        }
        return errorResponse(error, invocation.requestId());
    }

    private static Response errorResponse(Throwable error, String requestId) {
        if (error instanceof KilnException kiln) {
            return Response.text(kiln.status(), kiln.getMessage() + " (request id " + requestId + ")\n");
        }
        return Response.text(500, "Worker threw an exception (request id " + requestId + "); see `kiln tail` or the server log\n");
    }

    private void complete(Invocation invocation, Throwable error, String eventType, Request request, int status, String cron) {
        Deployment deployment = invocation.deployment();
        long cpu = invocation.cpuNanos();
        long wall = invocation.wallNanos();
        if (request != null) {
            deployment.metrics().record(status, cpu, wall, error != null && !clientsFault(error));
        }
        if (tail.active()) {
            String outcome = error == null ? "ok"
                    : clientsFault(error) ? "canceled"
                    : error instanceof dev.kiln.api.LimitExceededException l && l.status() == 503 ? "exceededCpu" : "exception";
            tail.publish(new TailEvent(deployment.name(), invocation.requestId(), invocation.startMillis(), eventType,
                    Optional.ofNullable(request).map(r -> requestInfo(r, deployment.secretMask())),
                    request == null ? Optional.empty() : Optional.of(status), Optional.ofNullable(cron), outcome,
                    invocation.logs(), invocation.exceptions(), cpu < 0 ? -1 : cpu / 1000, wall / 1000));
        }
        BackgroundWork background = invocation.backgroundOrNull();
        if (background == null || background.isEmpty()) {
            inFlight.exit();
            return;
        }
        KilnThreads.start("kiln-wait-until-deadline", () -> {
            try {
                int cancelled = background.awaitThenCancel(Invocation.WAIT_UNTIL_LIMIT);
                if (cancelled > 0) {
                    deployment.log().warn("[{}] {} waitUntil task(s) still running {} s after the response were cancelled",
                            invocation.requestId(), cancelled, Invocation.WAIT_UNTIL_LIMIT.toSeconds());
                }
            } finally {
                inFlight.exit();
            }
        });
    }

    /** A client that went away or broke the request's framing: the client's outcome, not the worker's exception. */
    private static boolean clientsFault(Throwable error) {
        return error instanceof ClientDisconnectedException || error instanceof MalformedRequestException;
    }

    private static TailEvent.RequestInfo requestInfo(Request request, SecretMask mask) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> headers.merge(name,
                REDACTED_HEADERS.contains(name) ? "[REDACTED]" : mask.apply(value), (a, b) -> a + ", " + b));
        return new TailEvent.RequestInfo(request.method(), mask.apply(request.url()), headers, request.clientAddress());
    }

    private static String newRequestId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    private final class InvocationExchange implements Exchange {
        private final Invocation invocation;
        private final Request request;
        private final Response response;
        private final Throwable error;

        InvocationExchange(Invocation invocation, Request request, Response response, Throwable error) {
            this.invocation = invocation;
            this.request = request;
            this.response = response;
            this.error = error;
        }

        @Override
        public Response response() {
            return response;
        }

        @Override
        public String requestId() {
            return invocation.requestId();
        }

        @Override
        public void finish(Throwable writeError) {
            Throwable failure = error != null ? error : writeError;
            if (writeError != null && error == null && !(writeError instanceof ClientDisconnectedException)) {
                invocation.recordException(writeError);
            }
            complete(invocation, failure, "fetch", request, response.status(), null);
        }
    }

    private record Controller(String cron, Instant scheduledTime) implements ScheduledController {
        @Override
        public void noRetry() {
            // Kiln never retries a scheduled run (bindings.md §6), so there is nothing to turn off.
        }
    }

    /** @return an exchange for a reply Kiln makes itself (no invocation behind it) */
    public static Exchange reply(Response response) {
        return reply(response, "-");
    }

    /** @return an exchange that only answers {@code response}, under {@code requestId} */
    static Exchange reply(Response response, String requestId) {
        return new Exchange() {
            @Override
            public Response response() {
                return response;
            }

            @Override
            public String requestId() {
                return requestId;
            }

            @Override
            public void finish(Throwable error) {
            }
        };
    }
}

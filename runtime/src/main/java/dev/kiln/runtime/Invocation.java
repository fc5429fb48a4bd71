package dev.kiln.runtime;

import dev.kiln.api.Console;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.LimitExceededException;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.spi.OutputGate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One handler invocation: its {@link ExecutionContext}, CPU and subrequest accounting, console and
 * {@code waitUntil} work. CPU is measured on the invocation's own thread in segments; Kiln stops the clock
 * around its own blocking calls (outbound fetch, reading the request body), see {@link CpuClock}.
 */
final class Invocation implements ExecutionContext {

    /** bindings.md §12: waitUntil work must finish within 30 s after the response. */
    static final Duration WAIT_UNTIL_LIMIT = Duration.ofSeconds(30);
    /** bindings.md §8: at most 32 worker invocations per request. */
    static final int MAX_DEPTH = 32;

    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

    private final Deployment deployment;
    private final String requestId;
    private final int depth;
    private final Thread owner = Thread.currentThread();
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final ConsoleImpl console;
    private final AtomicInteger subrequests;
    private final AtomicInteger storageOperations = new AtomicInteger();
    private final List<TailEvent.ExceptionInfo> exceptions = new ArrayList<>(0);
    private volatile BackgroundWork background;
    private volatile boolean passThrough;
    private long cpuUsed;
    private long segmentStart = -1;

    Invocation(Deployment deployment, String requestId, boolean tailing, Invocation parent) {
        this.deployment = deployment;
        this.requestId = requestId;
        this.depth = parent == null ? 1 : parent.depth + 1;
        if (depth > MAX_DEPTH) {
            throw new LimitExceededException(508, "Too many worker invocations in one request: " + depth + " > " + MAX_DEPTH);
        }
        // Subrequests are counted per top-level request, across service-binding hops.
        this.subrequests = parent == null ? new AtomicInteger() : parent.subrequests;
        this.console = new ConsoleImpl(deployment.log(), requestId, deployment.secretMask(), tailing);
    }

    /** @return the invocation running on this thread, if any */
    static Invocation current() {
        return CURRENT.get();
    }

    Invocation enter() {
        CURRENT.set(this);
        if (Thread.currentThread() == owner) {
            segmentStart = CpuClock.now();
        }
        return this;
    }

    void exit() {
        pauseCpu();
        CURRENT.remove();
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public void waitUntil(Runnable task) {
        Objects.requireNonNull(task);
        background().add(task, () -> CURRENT.set(this), CURRENT::remove);
    }

    @Override
    public void waitUntil(CompletionStage<?> work) {
        background().add(Objects.requireNonNull(work));
    }

    @Override
    public void passThroughOnException() {
        passThrough = true;
    }

    boolean passThrough() {
        return passThrough;
    }

    @Override
    public Response fetch(Request request) {
        return fetch(request, null);
    }

    @Override
    public Response fetch(Request request, Duration timeout) {
        Objects.requireNonNull(request);
        countSubrequest();
        OutputGate.beforeOutput();
        pauseCpu();
        try {
            return deployment.outbound().send(request, timeout);
        } finally {
            resumeCpu();
        }
    }

    @Override
    public Console console() {
        return console;
    }

    /**
     * Counts one subrequest of this invocation.
     *
     * @throws LimitExceededException past {@code limits.subrequests}
     */
    void countSubrequest() {
        int limit = deployment.config().limits().subrequests();
        int used = subrequests.incrementAndGet();
        if (used > limit) {
            throw new LimitExceededException(500, "Too many subrequests: " + used + " > limits.subrequests = " + limit);
        }
    }

    /**
     * Counts one storage operation (KV, R2, ...).
     *
     * @throws LimitExceededException past the limit
     */
    void countStorageOperation(int limit) {
        int used = storageOperations.incrementAndGet();
        if (used > limit) {
            throw RuntimeAccounting.tooMany(used, limit);
        }
    }

    /** Stops the CPU clock before blocking (only the owner thread's time is measured). */
    void pauseCpu() {
        if (Thread.currentThread() == owner && segmentStart >= 0) {
            long now = CpuClock.now();
            if (now >= 0) {
                cpuUsed += now - segmentStart;
            }
            segmentStart = -1;
        }
    }

    /**
     * Restarts the CPU clock after blocking.
     *
     * @throws LimitExceededException if the invocation has already used more than {@code limits.cpu_ms}
     */
    void resumeCpu() {
        if (Thread.currentThread() == owner && segmentStart < 0) {
            checkCpu();
            segmentStart = CpuClock.now();
        }
    }

    void checkCpu() {
        long limitMs = deployment.config().limits().cpuMs();
        if (cpuUsed > limitMs * 1_000_000L) {
            throw new LimitExceededException(503, "Worker exceeded CPU time limit: " + cpuUsed / 1_000_000L + " ms > limits.cpu_ms = " + limitMs + " ms");
        }
    }

    /** @return CPU nanoseconds measured so far, or -1 when CPU time is unavailable */
    long cpuNanos() {
        return CpuClock.available() || !owner.isVirtual() ? cpuUsed : -1;
    }

    long wallNanos() {
        return System.nanoTime() - startNanos;
    }

    long startMillis() {
        return startMillis;
    }

    void recordException(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        synchronized (exceptions) {
            exceptions.add(new TailEvent.ExceptionInfo(System.currentTimeMillis(), error.getClass().getName(),
                    deployment.secretMask().apply(String.valueOf(error.getMessage())), deployment.secretMask().apply(trace.toString())));
        }
    }

    List<TailEvent.ExceptionInfo> exceptions() {
        synchronized (exceptions) {
            return List.copyOf(exceptions);
        }
    }

    List<TailEvent.LogLine> logs() {
        return console.lines();
    }

    Deployment deployment() {
        return deployment;
    }

    /** @return the waitUntil work, or null if there is none */
    BackgroundWork backgroundOrNull() {
        return background;
    }

    private BackgroundWork background() {
        BackgroundWork work = background;
        if (work == null) {
            synchronized (this) {
                work = background;
                if (work == null) {
                    work = new BackgroundWork("kiln-wait-until-" + requestId, error -> {
                        recordException(error);
                        deployment.log().error("[{}] waitUntil task failed", requestId, error);
                    });
                    background = work;
                }
            }
        }
        return work;
    }
}

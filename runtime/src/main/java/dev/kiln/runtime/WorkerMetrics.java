package dev.kiln.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One worker's meters, created once so the request path only records. */
final class WorkerMetrics {

    private final Counter[] byStatusClass = new Counter[6];
    private final Counter exceptions;
    private final Timer cpu;
    private final Timer wall;

    public WorkerMetrics(PrometheusMeterRegistry registry, String worker) {
        for (int c = 1; c <= 5; c++) {
            byStatusClass[c] = Counter.builder("kiln.requests")
                    .description("Requests handled, by worker and response status class")
                    .tag("worker", worker).tag("status", c + "xx").register(registry);
        }
        exceptions = Counter.builder("kiln.exceptions")
                .description("Invocations that ended with an uncaught exception")
                .tag("worker", worker).register(registry);
        cpu = Timer.builder("kiln.request.cpu")
                .description("CPU time of the worker's handler per request")
                .tag("worker", worker).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        wall = Timer.builder("kiln.request.wall")
                .description("Wall time per request, until the response was sent")
                .tag("worker", worker).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    }

    public void record(int status, long cpuNanos, long wallNanos, boolean exception) {
        int statusClass = status / 100;
        if (statusClass >= 1 && statusClass <= 5) {
            byStatusClass[statusClass].increment();
        }
        if (cpuNanos >= 0) {
            cpu.record(cpuNanos, TimeUnit.NANOSECONDS);
        }
        wall.record(wallNanos, TimeUnit.NANOSECONDS);
        if (exception) {
            exceptions.increment();
        }
    }
}

package dev.kiln.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code kiln tail} shows for one invocation: its trigger, outcome, console output and exceptions.
 * Secret values never appear: headers that carry credentials are redacted, and secrets in log lines are masked.
 *
 * @param worker the worker name
 * @param requestId the invocation id
 * @param timestamp when the invocation started, epoch milliseconds
 * @param eventType {@code fetch}, {@code scheduled} or {@code queue}
 * @param request the request of a fetch event
 * @param status the response status of a fetch event
 * @param cron the cron of a scheduled event
 * @param outcome {@code ok}, {@code exception}, {@code exceededCpu} or {@code canceled}
 * @param logs console output, in order
 * @param exceptions uncaught exceptions
 * @param cpuMicros CPU time measured for the handler (-1 when unavailable)
 * @param wallMicros wall time until the response was sent
 */
public record TailEvent(
        String worker,
        String requestId,
        long timestamp,
        String eventType,
        Optional<RequestInfo> request,
        Optional<Integer> status,
        Optional<String> cron,
        String outcome,
        List<LogLine> logs,
        List<ExceptionInfo> exceptions,
        long cpuMicros,
        long wallMicros) {

    /** The request of a fetch event; credential headers are redacted. */
    public record RequestInfo(String method, String url, Map<String, String> headers, Optional<String> clientAddress) {
    }

    /** One console line. */
    public record LogLine(long timestamp, String level, String message) {
    }

    /** One uncaught exception. */
    public record ExceptionInfo(long timestamp, String name, String message, String stack) {
    }
}

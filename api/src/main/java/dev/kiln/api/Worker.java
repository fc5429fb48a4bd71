package dev.kiln.api;

/**
 * A worker: the entry point named by {@code main} in the worker's wrangler configuration.
 *
 * <p>The class must be public with a public no-argument constructor. Kiln creates one instance per worker
 * version and calls it from many virtual threads at once (see the package documentation).
 *
 * {@snippet :
 * public final class Hello implements Worker {
 *     public Response fetch(Request request, Env env, ExecutionContext ctx) {
 *         return Response.text("Hello from " + request.path());
 *     }
 * }
 * }
 */
public interface Worker {

    /**
     * Handles one HTTP request.
     *
     * @param request the incoming request
     * @param env the bindings this worker's configuration declares
     * @param ctx this invocation's context
     * @return the response to send
     * @throws Exception any failure; Kiln answers 500 with the request id, or forwards the request to the
     *     configured origin after {@link ExecutionContext#passThroughOnException()}
     */
    Response fetch(Request request, Env env, ExecutionContext ctx) throws Exception;

    /**
     * Handles one firing of a cron trigger from {@code [triggers] crons}.
     *
     * @implSpec The default throws {@link UnsupportedOperationException}, which Kiln records as a failed
     *     scheduled run (visible in {@code kiln tail}). Override it when the worker declares crons.
     * @param controller the cron expression and scheduled time of this firing
     * @param env the worker's bindings
     * @param ctx this invocation's context
     * @throws Exception any failure; the run is logged as failed and not retried
     */
    default void scheduled(ScheduledController controller, Env env, ExecutionContext ctx) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " has no scheduled handler");
    }

    /**
     * Handles one batch of messages from a queue this worker consumes.
     *
     * @implSpec The default throws {@link UnsupportedOperationException}, which fails the whole batch.
     *     Override it when the worker is a queue consumer.
     * @param batch the messages
     * @param env the worker's bindings
     * @param ctx this invocation's context
     * @throws Exception any failure; every message not explicitly acknowledged is retried
     */
    default void queue(MessageBatch batch, Env env, ExecutionContext ctx) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " has no queue handler");
    }
}

package dev.kiln.api;

/** Something requests can be sent to: another worker through a service binding, or the outside world. */
@FunctionalInterface
public interface Fetcher {

    /**
     * Sends the request and returns the response, whose body may still be streaming.
     * Counts as one subrequest of the calling invocation.
     *
     * @throws LimitExceededException if the invocation has used up its subrequests
     * @throws java.io.UncheckedIOException if the target could not be reached
     */
    Response fetch(Request request);
}

package dev.kiln.bindings.service;

import dev.kiln.api.Fetcher;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.spi.Workers;

/**
 * A service binding: calls the target worker's fetch handler in this process, on the caller's thread. Each call
 * is a subrequest of the calling invocation (bindings.md §8).
 */
final class ServiceBinding implements Fetcher {

    private final String service;
    private final Workers workers;

    ServiceBinding(String service, Workers workers) {
        this.service = service;
        this.workers = workers;
    }

    @Override
    public Response fetch(Request request) {
        return workers.fetch(service, request);
    }
}

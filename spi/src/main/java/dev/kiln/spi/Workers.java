package dev.kiln.spi;

import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.util.Optional;

/** The workers running in this process, as bindings that call into them see them. */
public interface Workers {

    /** @return the version of the worker now serving, if a worker of that name runs here */
    Optional<WorkerHandle> find(String name);

    /**
     * Runs a request through a worker's fetch handler on the caller's thread, as a subrequest of the invocation
     * running on this thread (if any).
     *
     * @throws dev.kiln.api.BindingException if no worker of that name runs here
     */
    Response fetch(String worker, Request request);
}

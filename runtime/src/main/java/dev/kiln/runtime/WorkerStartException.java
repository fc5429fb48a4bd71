package dev.kiln.runtime;

import dev.kiln.spi.WorkerLoadException;

/**
 * A worker's own code threw while Kiln created it (its constructor or a static initializer). The message may
 * carry anything the code put in it, so requests for the worker get 500 with their request id only; the details
 * go to the server log and {@code kiln tail}.
 */
public final class WorkerStartException extends WorkerLoadException {

    public WorkerStartException(String message, Throwable cause) {
        super(500, message, cause);
    }
}

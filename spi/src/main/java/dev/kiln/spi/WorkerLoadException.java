package dev.kiln.spi;

import dev.kiln.api.KilnException;

/**
 * A worker could not be built or started: its sources do not compile, its class is missing or is not a
 * {@link dev.kiln.api.Worker}, or its constructor threw. Requests for that worker get 503 with this message;
 * other workers keep serving.
 */
public class WorkerLoadException extends KilnException {

    public WorkerLoadException(String message) {
        super(503, message);
    }

    public WorkerLoadException(String message, Throwable cause) {
        super(503, message, cause);
    }
}

package dev.kiln.bindings.durable;

import dev.kiln.api.DurableObjectException;

/** The worker defining an object's class is not running, failed to load, or no longer defines the class (503). */
final class ObjectUnavailableException extends DurableObjectException {

    ObjectUnavailableException(String message) {
        super(503, message);
    }

    ObjectUnavailableException(String message, Throwable cause) {
        super(503, message, cause);
    }
}

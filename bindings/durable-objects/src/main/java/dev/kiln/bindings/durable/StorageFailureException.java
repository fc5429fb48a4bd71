package dev.kiln.bindings.durable;

import dev.kiln.api.DurableObjectException;

/** An object's storage failed (a commit or a rollback): its held results fail and the object is reset (500). */
final class StorageFailureException extends DurableObjectException {

    StorageFailureException(String message, Throwable cause) {
        super(500, message, cause);
    }
}

package dev.kiln.bindings.durable;

import dev.kiln.spi.StorageException;

/** A statement given to {@link ObjectDatabase#exec} was refused or failed: the user's fault, not the backend's. */
public class ObjectSqlException extends StorageException {

    public ObjectSqlException(String message) {
        super(message);
    }

    public ObjectSqlException(String message, Throwable cause) {
        super(message, cause);
    }
}

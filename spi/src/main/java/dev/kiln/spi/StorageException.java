package dev.kiln.spi;

/** A backend could not read or write (I/O, a corrupt file, a closed store). */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}

package dev.kiln.bindings.d1;

import dev.kiln.spi.StorageException;

/**
 * A D1 statement failed because of what it says (bad SQL, a constraint, a limit, a refused statement), not
 * because the store is broken. Nothing it or its batch wrote remains.
 */
public class D1StatementException extends StorageException {

    private final int index;

    /**
     * @param index the failing statement's position in its batch (0 for a single statement)
     * @param message SQLite's message, or why the statement was refused
     */
    public D1StatementException(int index, String message) {
        super(message);
        this.index = index;
    }

    /** @return the failing statement's position in its batch */
    public int index() {
        return index;
    }
}

package dev.kiln.runtime;

import dev.kiln.api.LimitExceededException;
import dev.kiln.spi.InvocationAccounting;
import java.util.function.Supplier;

/**
 * Counts binding calls that reach storage against the invocation running on the calling thread (bindings.md §1:
 * 1,000 storage operations per invocation, shared by KV, R2, D1, ...), and stops its CPU clock while they block.
 * Found by {@link java.util.ServiceLoader} through {@link dev.kiln.spi.StorageCalls}.
 */
public final class RuntimeAccounting implements InvocationAccounting {

    /** bindings.md §1: storage operations per invocation. */
    static final int MAX_OPERATIONS = 1000;

    @Override
    public <T> T storageCall(Supplier<T> operation) {
        Invocation invocation = Invocation.current();
        if (invocation == null) {
            return operation.get();
        }
        invocation.countStorageOperation(MAX_OPERATIONS);
        invocation.pauseCpu();
        try {
            return operation.get();
        } finally {
            invocation.resumeCpu();
        }
    }

    static LimitExceededException tooMany(int used, int limit) {
        return new LimitExceededException(500, "Too many storage operations in one invocation: " + used + " > " + limit);
    }
}

package dev.kiln.runtime.internal;

import dev.kiln.api.LimitExceededException;
import java.util.function.Supplier;

/**
 * Wraps each binding call that reaches storage: counts it against the invocation's storage operations
 * (bindings.md §1: 1000 per invocation, shared by KV, R2, ...) and stops the CPU clock while it blocks.
 */
final class StorageCalls {

    /** bindings.md §1: KV operations per invocation, shared with other storage. */
    static final int MAX_OPERATIONS = 1000;

    private StorageCalls() {
    }

    static <T> T call(Supplier<T> operation) {
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

    static void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }

    static LimitExceededException tooMany(int used, int limit) {
        return new LimitExceededException(500, "Too many storage operations in one invocation: " + used + " > " + limit);
    }
}

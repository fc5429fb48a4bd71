package dev.kiln.spi;

import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Wraps each binding call that reaches storage, so it counts against the running invocation's storage
 * operations (bindings.md §1: 1,000 per invocation, shared by KV, R2, D1, ...) and does not run its CPU clock.
 * Made from a Durable Object event, it leaves through the {@link OutputGate}: the object's writes so far are made
 * durable first.
 */
public final class StorageCalls {

    private static final InvocationAccounting ACCOUNTING = ServiceLoader.load(InvocationAccounting.class,
            StorageCalls.class.getClassLoader()).findFirst().orElse(new InvocationAccounting() {
                @Override
                public <T> T storageCall(Supplier<T> operation) {
                    return operation.get();
                }
            });

    private StorageCalls() {
    }

    public static <T> T call(Supplier<T> operation) {
        OutputGate.beforeOutput();
        return ACCOUNTING.storageCall(operation);
    }

    public static void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }
}

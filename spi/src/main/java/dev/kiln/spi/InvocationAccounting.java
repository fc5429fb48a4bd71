package dev.kiln.spi;

import java.util.function.Supplier;

/**
 * How the runtime counts a binding's calls against the invocation running on the calling thread. The runtime
 * provides it through {@link java.util.ServiceLoader}; without a runtime (a CLI command, a conformance kit)
 * nothing is counted. Binding code calls it through {@link StorageCalls}.
 */
public interface InvocationAccounting {

    /**
     * Runs a call that reaches storage: counts it against the invocation's storage operations and stops its CPU
     * clock while the call blocks.
     *
     * @throws dev.kiln.api.LimitExceededException past the limit
     */
    <T> T storageCall(Supplier<T> operation);
}

package dev.kiln.spi;

import java.time.Clock;

/**
 * What the runtime offers a {@link BindingKind} in its process.
 *
 * @param backend where the kind keeps its data (its store is {@code backend.store(MyStores.class)})
 * @param workers the workers running in the process, for kinds that reach other workers
 * @param clock what "now" is (expirations, alarms)
 */
public record HostContext(Backend backend, Workers workers, Clock clock) {
}

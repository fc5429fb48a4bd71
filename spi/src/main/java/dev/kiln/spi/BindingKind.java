package dev.kiln.spi;

import dev.kiln.config.BindingReader;

/**
 * One kind of binding (KV namespaces, D1 databases, ...): how it is written in a configuration (the
 * {@link BindingReader} half) and what a worker's {@code env} hands out for it (the {@link #start} half).
 *
 * <p>Kinds are found with {@link java.util.ServiceLoader} ({@code META-INF/services/dev.kiln.spi.BindingKind});
 * {@link BindingKinds} is the one registry the config reader, {@code kiln config print} and the runtime use.
 * Adding a kind means adding a module that registers one; nothing else in Kiln names it.
 */
public interface BindingKind extends BindingReader {

    /**
     * Starts the kind in one Kiln process. The host lives as long as the process and is closed at shutdown;
     * it holds what every worker binding this kind shares (stores, caches, live objects).
     */
    BindingHost start(HostContext context);
}

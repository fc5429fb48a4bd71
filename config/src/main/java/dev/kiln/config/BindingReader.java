package dev.kiln.config;

import java.util.Set;

/**
 * How one binding kind is written in a wrangler configuration: the keys it owns, and how a declaration becomes a
 * {@link Binding}, with located diagnostics for what is wrong. The configuration reader hands each reader the
 * worker's configuration resolved for its environment; binding keys no reader owns are reported as not supported.
 */
public interface BindingReader {

    /** @return the binding type shown by {@code kiln config print}, e.g. {@code kv_namespaces} */
    String type();

    /** @return the top-level configuration keys this kind reads (its {@link #type()} unless it reads others) */
    default Set<String> keys() {
        return Set.of(type());
    }

    /**
     * @return the {@code type}s of {@code [[unsafe.bindings]]} entries this kind reads (wrangler's older
     *     spellings), handed to {@link #readUnsafe}
     */
    default Set<String> unsafeTypes() {
        return Set.of();
    }

    /**
     * Reads this kind's declarations from the configuration (resolved for the selected environment): reports
     * problems through the tables, and each binding through {@code out}.
     */
    void read(ConfigTable config, BindingSink out);

    /** Reads one {@code [[unsafe.bindings]]} entry whose {@code type} is one of {@link #unsafeTypes()}. */
    default void readUnsafe(ConfigTable binding, BindingSink out) {
    }
}

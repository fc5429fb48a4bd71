package dev.kiln.config;

/**
 * A declared binding. {@link #type()} is the configuration key it came from (e.g. {@code kv_namespaces}),
 * {@link #name()} the name the worker reads it by, {@link #target()} what it points at (namespace id,
 * class name, database name, bucket name, queue, service ...), as {@code kiln config print} shows them.
 * Each binding kind's module defines its own record (see {@link BindingReader}).
 */
public interface Binding {

    /** @return the configuration key the binding was declared under */
    String type();

    /** @return the name the worker reads it by */
    String name();

    /** @return what the binding points at */
    String target();

    /**
     * A binding of a kind this Kiln reads but does not run (no module serves it: send_email, analytics_engine_datasets,
     * workflows, ...). Declaring one gives a warning; reading it from env gives a clear error.
     */
    record Unsupported(String type, String name, String target) implements Binding {
    }
}

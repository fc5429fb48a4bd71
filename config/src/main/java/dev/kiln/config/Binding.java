package dev.kiln.config;

import java.util.Optional;

/**
 * A declared binding. {@link #type()} is the configuration key it came from (e.g. {@code kv_namespaces}),
 * {@link #name()} the name the worker reads it by, {@link #target()} what it points at (namespace id,
 * class name, database name, bucket name, queue, service ...), as {@code kiln config print} shows them.
 */
public sealed interface Binding {

    /** @return the configuration key the binding was declared under */
    String type();

    /** @return the name the worker reads it by */
    String name();

    /** @return what the binding points at */
    String target();

    /** {@code kv_namespaces}: target is {@code id}, else {@code preview_id}, else the binding name. */
    record KvNamespace(String name, Optional<String> id, Optional<String> previewId) implements Binding {
        public String type() { return "kv_namespaces"; }
        public String target() { return id.or(() -> previewId).orElse(name); }
    }

    /** {@code durable_objects.bindings}: target is {@code class_name}. */
    record DurableObjectNamespace(String name, String className, Optional<String> scriptName, Optional<String> environment) implements Binding {
        public String type() { return "durable_objects"; }
        public String target() { return className; }
    }

    /** {@code d1_databases}: target is {@code database_name}, else {@code database_id}, else the binding name. */
    record D1Database(String name, Optional<String> databaseName, Optional<String> databaseId, Optional<String> previewDatabaseId,
                      String migrationsDir, String migrationsTable, Optional<String> migrationsPattern) implements Binding {
        public String type() { return "d1_databases"; }
        public String target() { return databaseName.or(() -> databaseId).orElse(name); }
    }

    /** {@code r2_buckets}: target is {@code bucket_name}, else the binding name. */
    record R2Bucket(String name, Optional<String> bucketName, Optional<String> previewBucketName, Optional<String> jurisdiction) implements Binding {
        public String type() { return "r2_buckets"; }
        public String target() { return bucketName.orElse(name); }
    }

    /** {@code queues.producers}: target is the queue name. */
    record QueueProducer(String name, String queue, Optional<Integer> deliveryDelay) implements Binding {
        public String type() { return "queues"; }
        public String target() { return queue; }
    }

    /** {@code services}: target is the service (worker) name, with {@code #entrypoint} when set. */
    record Service(String name, String service, Optional<String> entrypoint, Optional<Object> props) implements Binding {
        public String type() { return "services"; }
        public String target() { return entrypoint.map(e -> service + "#" + e).orElse(service); }
    }

    /** {@code ratelimits} or legacy {@code unsafe.bindings} of type ratelimit: target is the namespace id. */
    record RateLimit(String name, String namespaceId, int limit, int period) implements Binding {
        public String type() { return "ratelimits"; }
        public String target() { return namespaceId; }
    }

    /** {@code ai}: target is {@code workers-ai}. */
    record Ai(String name) implements Binding {
        public String type() { return "ai"; }
        public String target() { return "workers-ai"; }
    }

    /** {@code assets.binding}: target is the assets directory. */
    record Assets(String name, String directory) implements Binding {
        public String type() { return "assets"; }
        public String target() { return directory; }
    }

    /**
     * A binding of a kind Kiln parses but does not run (send_email, analytics_engine_datasets, workflows,
     * hyperdrive, vectorize, ...). Declaring one gives a warning; reading it gives a clear error.
     */
    record Unsupported(String type, String name, String target) implements Binding {
    }
}

package dev.kiln.config.internal;

import dev.kiln.config.Binding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads every binding kind of config.md §4 into {@link Binding} records, checking names are unique identifiers. */
final class Bindings {

    private final Table config;
    private final Problems problems;
    private final List<Binding> out = new ArrayList<>();
    private final Map<String, Node> seen = new LinkedHashMap<>();

    Bindings(Table config, Problems problems) {
        this.config = config;
        this.problems = problems;
    }

    List<Binding> read() {
        for (Table t : config.tables("kv_namespaces")) {
            t.warnUnexpected(Set.of("binding", "id", "preview_id", "remote"));
            add(t, new Binding.KvNamespace(t.requiredString("binding"), t.string("id"), t.string("preview_id")));
        }
        config.table("durable_objects").ifPresent(d -> {
            d.warnUnexpected(Set.of("bindings"));
            for (Table t : d.tables("bindings")) {
                t.warnUnexpected(Set.of("name", "class_name", "script_name", "environment"));
                add(t, new Binding.DurableObjectNamespace(t.requiredString("name"), t.requiredString("class_name"),
                        t.string("script_name"), t.string("environment")));
            }
        });
        for (Table t : config.tables("d1_databases")) {
            t.warnUnexpected(Set.of("binding", "database_name", "database_id", "preview_database_id", "migrations_dir",
                    "migrations_table", "migrations_pattern", "remote", "database_internal_env"));
            Optional<String> pattern = t.string("migrations_pattern");
            Optional<String> dir = t.string("migrations_dir");
            if (pattern.isPresent() && (dir.isEmpty() || !pattern.get().startsWith(dir.get()))) {
                t.error("migrations_pattern", "needs \"migrations_dir\" to be set and must start with it");
            }
            add(t, new Binding.D1Database(t.requiredString("binding"), t.string("database_name"), t.string("database_id"),
                    t.string("preview_database_id"), dir.orElse("migrations"), t.string("migrations_table").orElse("d1_migrations"), pattern));
        }
        for (Table t : config.tables("r2_buckets")) {
            t.warnUnexpected(Set.of("binding", "bucket_name", "preview_bucket_name", "jurisdiction", "remote", "local_dev"));
            add(t, new Binding.R2Bucket(t.requiredString("binding"), t.string("bucket_name"), t.string("preview_bucket_name"),
                    t.string("jurisdiction")));
        }
        config.table("queues").ifPresent(q -> {
            q.warnUnexpected(Set.of("producers", "consumers"));
            for (Table t : q.tables("producers")) {
                t.warnUnexpected(Set.of("binding", "queue", "delivery_delay", "remote"));
                add(t, new Binding.QueueProducer(t.requiredString("binding"), t.requiredString("queue"),
                        t.integer("delivery_delay").map(Long::intValue)));
            }
        });
        for (Table t : config.tables("services")) {
            t.warnUnexpected(Set.of("binding", "service", "entrypoint", "props", "environment", "remote"));
            t.string("environment").ifPresent(e -> t.warn("environment",
                    "\"environment\" in a service binding is deprecated; name the service \"<name>-" + e + "\" instead"));
            String service = t.requiredString("service") + t.string("environment").map(e -> "-" + e).orElse("");
            add(t, new Binding.Service(t.requiredString("binding"), service, t.string("entrypoint"), t.map("props", Node::plain)));
        }
        for (Table t : config.tables("ratelimits")) {
            rateLimit(t);
        }
        config.table("unsafe").ifPresent(u -> {
            u.warnUnexpected(Set.of("bindings", "metadata", "capnp"));
            for (Table t : u.tables("bindings")) {
                if (t.string("type").filter("ratelimit"::equals).isPresent()) {
                    rateLimit(t);
                } else {
                    unsupported("unsafe", t);
                }
            }
        });
        config.table("ai").ifPresent(t -> {
            t.warnUnexpected(Set.of("binding", "staging", "remote"));
            add(t, new Binding.Ai(t.requiredString("binding")));
        });
        config.table("assets").flatMap(t -> t.string("binding").map(b -> Map.entry(t, b)))
                .ifPresent(e -> add(e.getKey(), new Binding.Assets(e.getValue(), e.getKey().string("directory").orElse(""))));
        for (String kind : Keys.UNSUPPORTED_BINDINGS) {
            Node node = config.fields().get(kind);
            if (node == null) {
                continue;
            }
            if (node.isArray()) {
                config.tables(kind).forEach(t -> unsupported(kind, t));
            } else if (node.isTable()) {
                config.table(kind).ifPresent(t -> unsupported(kind, t));
            }
        }
        for (Binding b : out) {
            if (!ConfigReader.SUPPORTED_BINDING_TYPES.contains(b.type()) && !(b instanceof Binding.Unsupported)) {
                problems.warn(seen.get(b.name()), "binding \"" + b.name() + "\" (" + b.type()
                        + ") is not supported by Kiln yet; reading it from env fails");
            }
        }
        return List.copyOf(out);
    }

    private void rateLimit(Table t) {
        t.warnUnexpected(Set.of("name", "namespace_id", "simple", "type"));
        Optional<Table> simple = t.table("simple");
        long limit = simple.flatMap(s -> s.integer("limit")).orElse(0L);
        long period = simple.flatMap(s -> s.integer("period")).orElse(0L);
        if (simple.isEmpty()) {
            t.error("simple", "is required: { limit, period }");
        } else if (period != 10 && period != 60) {
            simple.get().error("period", "\"simple.period\" must be either 10 or 60");
        }
        if (simple.isPresent() && limit < 1) {
            simple.get().error("limit", "must be a positive integer");
        }
        String namespace = t.map("namespace_id", n -> String.valueOf(n.value())).orElse("");
        if (namespace.isEmpty()) {
            t.error("namespace_id", "is required");
        }
        add(t, new Binding.RateLimit(t.requiredString("name"), namespace, (int) limit, (int) period));
    }

    private void unsupported(String kind, Table t) {
        String name = t.string("binding").or(() -> t.string("name")).orElse(kind);
        String target = first(t, "dataset", "destination_address", "workflow_name", "id", "index_name", "namespace",
                "certificate_id", "service", "store_id", "pipeline", "type").orElse("");
        Binding.Unsupported binding = new Binding.Unsupported(kind, name, target);
        add(t, binding);
        problems.warn(t.node(), "binding \"" + name + "\" (" + kind + ") is not supported by Kiln yet; reading it from env fails");
    }

    private static Optional<String> first(Table t, String... keys) {
        for (String k : keys) {
            Optional<String> v = t.map(k, n -> String.valueOf(n.value()));
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    private void add(Table at, Binding binding) {
        if (binding.name().isEmpty()) {
            return; // the missing name was already reported
        }
        if (!ConfigReader.validIdentifier(binding.name())) {
            problems.error(at.node(), "binding name \"" + binding.name() + "\" is not a valid identifier (letters, digits, _ and $, not starting with a digit)");
        }
        Node previous = seen.putIfAbsent(binding.name(), at.node());
        if (previous != null) {
            problems.error(at.node(), "binding name \"" + binding.name() + "\" is already used (line " + previous.line()
                    + "); binding names must be unique across all binding types");
            return;
        }
        out.add(binding);
    }
}

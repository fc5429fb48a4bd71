package dev.kiln.bindings.ratelimit;

import dev.kiln.config.Binding;
import dev.kiln.config.BindingSink;
import dev.kiln.config.ConfigTable;
import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.BindingHost;
import dev.kiln.spi.BindingKind;
import dev.kiln.spi.HostContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rate limiting (bindings.md §7, config.md §4): {@code ratelimits = [{ name, namespace_id, simple = { limit,
 * period } }]}, and the same fields in {@code [[unsafe.bindings]]} with {@code type = "ratelimit"}.
 */
public final class RateLimitKind implements BindingKind {

    static final String TYPE = "ratelimits";
    private static final Set<String> FIELDS = Set.of("name", "namespace_id", "simple", "type");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> keys() {
        return Set.of(TYPE);
    }

    @Override
    public Set<String> unsafeTypes() {
        return Set.of("ratelimit");
    }

    @Override
    public void read(ConfigTable config, BindingSink out) {
        for (ConfigTable t : config.tables(TYPE)) {
            readOne(t, out);
        }
    }

    @Override
    public void readUnsafe(ConfigTable binding, BindingSink out) {
        readOne(binding, out);
    }

    private static void readOne(ConfigTable t, BindingSink out) {
        t.warnUnexpected(FIELDS);
        Optional<ConfigTable> simple = t.table("simple");
        long limit = simple.flatMap(s -> s.integer("limit")).orElse(0L);
        long period = simple.flatMap(s -> s.integer("period")).orElse(0L);
        if (simple.isEmpty()) {
            t.error("simple", "is required: { limit, period }");
        } else {
            if (period != 10 && period != 60) {
                simple.get().error("period", "\"simple.period\" must be either 10 or 60");
            }
            if (limit < 1 || limit > Integer.MAX_VALUE) {
                simple.get().error("limit", "must be a positive integer");
            }
        }
        // wrangler documents namespace_id as a string holding an integer; configs write it either way.
        Optional<Object> id = t.value("namespace_id");
        String namespaceId = id.filter(v -> v instanceof String || v instanceof Long).map(String::valueOf).orElse("");
        if (id.isPresent() && namespaceId.isEmpty() && !"".equals(id.get())) {
            t.error("namespace_id", "must be an integer or a string");
        } else if (namespaceId.isEmpty()) {
            t.error("namespace_id", "is required");
        }
        out.add(t, new RateLimitBinding(t.requiredString("name"), namespaceId, limit, (int) period));
    }

    @Override
    public BindingHost start(HostContext context) {
        RateLimitNamespaces namespaces = new RateLimitNamespaces(context.clock(), RateLimitNamespaces.maxKeysSetting());
        return new BindingHost() {
            @Override
            public Map<String, Object> bind(WorkerConfig worker, List<Binding> bindings) {
                Map<String, Object> live = new LinkedHashMap<>();
                for (Binding b : bindings) {
                    RateLimitBinding r = (RateLimitBinding) b;
                    live.put(r.name(), namespaces.limiter(r.namespaceId(), r.limit(), r.period()));
                }
                return live;
            }

            @Override
            public void close() {
            }
        };
    }
}

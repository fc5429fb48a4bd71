package dev.kiln.bindings.kv;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Workers KV (bindings.md §1): {@code kv_namespaces = [{ binding, id?, preview_id? }]}. */
public final class KvKind implements BindingKind {

    static final String TYPE = "kv_namespaces";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> keys() {
        return Set.of(TYPE);
    }

    @Override
    public void read(ConfigTable config, BindingSink out) {
        for (ConfigTable t : config.tables(TYPE)) {
            t.warnUnexpected(Set.of("binding", "id", "preview_id", "remote"));
            out.add(t, new KvNamespaceBinding(t.requiredString("binding"), t.string("id"), t.string("preview_id")));
        }
    }

    @Override
    public BindingHost start(HostContext context) {
        KvStores stores = context.backend().store(KvStores.class);
        // One read cache per namespace, shared by every worker and version that binds it.
        Map<String, KvStore> cached = new ConcurrentHashMap<>();
        return new BindingHost() {
            @Override
            public Map<String, Object> bind(WorkerConfig worker, List<Binding> bindings) {
                Map<String, Object> live = new LinkedHashMap<>();
                for (Binding b : bindings) {
                    KvStore store = cached.computeIfAbsent(b.target(), id -> new KvReadCache(stores.namespace(id)));
                    live.put(b.name(), new KvBinding(store, context.clock()));
                }
                return live;
            }

            @Override
            public void close() {
            }
        };
    }
}

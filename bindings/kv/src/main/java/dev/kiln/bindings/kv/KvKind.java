package dev.kiln.bindings.kv;

import dev.kiln.config.BindingSink;
import dev.kiln.config.ConfigTable;
import dev.kiln.spi.BindingHost;
import dev.kiln.spi.BindingKind;
import dev.kiln.spi.HostContext;
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
        return BindingHost.each(b -> new KvBinding(cached.computeIfAbsent(b.target(), id -> new KvReadCache(stores.namespace(id))),
                context.clock()));
    }
}

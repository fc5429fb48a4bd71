package dev.kiln.bindings.durable;

import dev.kiln.config.BindingSink;
import dev.kiln.config.ConfigTable;
import dev.kiln.spi.BindingHost;
import dev.kiln.spi.BindingKind;
import dev.kiln.spi.HostContext;
import java.util.Set;

/**
 * Durable Objects (bindings.md §2): {@code [[durable_objects.bindings]] name, class_name, script_name?}. The
 * classes' {@code [[migrations]]} are part of the worker's configuration; the host applies them as each worker
 * version loads.
 */
public final class DurableObjectKind implements BindingKind {

    static final String TYPE = "durable_objects";

    @Override
    public String type() {
        return TYPE;
    }


    @Override
    public void read(ConfigTable config, BindingSink out) {
        config.table(TYPE).ifPresent(d -> {
            d.warnUnexpected(Set.of("bindings"));
            for (ConfigTable t : d.tables("bindings")) {
                t.warnUnexpected(Set.of("name", "class_name", "script_name", "environment"));
                out.add(t, new DurableObjectBinding(t.requiredString("name"), t.requiredString("class_name"),
                        t.string("script_name"), t.string("environment")));
            }
        });
    }

    @Override
    public BindingHost start(HostContext context) {
        return new DurableObjects(context.backend().store(DurableObjectStores.class), context.workers());
    }
}

package dev.kiln.bindings.service;

import dev.kiln.config.BindingSink;
import dev.kiln.config.ConfigTable;
import dev.kiln.spi.BindingHost;
import dev.kiln.spi.BindingKind;
import dev.kiln.spi.HostContext;
import java.util.Set;

/** Service bindings (bindings.md §8): {@code services = [{ binding, service, entrypoint?, props? }]}. */
public final class ServiceKind implements BindingKind {

    static final String TYPE = "services";

    @Override
    public String type() {
        return TYPE;
    }


    @Override
    public void read(ConfigTable config, BindingSink out) {
        for (ConfigTable t : config.tables(TYPE)) {
            t.warnUnexpected(Set.of("binding", "service", "entrypoint", "props", "environment", "remote"));
            t.string("environment").ifPresent(e -> t.warn("environment",
                    "\"environment\" in a service binding is deprecated; name the service \"<name>-" + e + "\" instead"));
            String service = t.requiredString("service") + t.string("environment").map(e -> "-" + e).orElse("");
            out.add(t, new ServiceBindingConfig(t.requiredString("binding"), service, t.string("entrypoint"), t.value("props")));
        }
    }

    @Override
    public BindingHost start(HostContext context) {
        return BindingHost.each(b -> new ServiceBinding(((ServiceBindingConfig) b).service(), context.workers()));
    }
}

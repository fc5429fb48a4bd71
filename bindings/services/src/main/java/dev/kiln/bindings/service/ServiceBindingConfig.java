package dev.kiln.bindings.service;

import dev.kiln.config.Binding;
import java.util.Optional;

/** A {@code services} entry: target is the service (worker) name, with {@code #entrypoint} when set. */
public record ServiceBindingConfig(String name, String service, Optional<String> entrypoint, Optional<Object> props) implements Binding {

    @Override
    public String type() {
        return ServiceKind.TYPE;
    }

    @Override
    public String target() {
        return entrypoint.map(e -> service + "#" + e).orElse(service);
    }
}

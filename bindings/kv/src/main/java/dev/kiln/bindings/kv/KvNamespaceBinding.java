package dev.kiln.bindings.kv;

import dev.kiln.config.Binding;
import java.util.Optional;

/** A {@code kv_namespaces} entry: target is {@code id}, else {@code preview_id}, else the binding name. */
public record KvNamespaceBinding(String name, Optional<String> id, Optional<String> previewId) implements Binding {

    @Override
    public String type() {
        return KvKind.TYPE;
    }

    @Override
    public String target() {
        return id.or(() -> previewId).orElse(name);
    }
}

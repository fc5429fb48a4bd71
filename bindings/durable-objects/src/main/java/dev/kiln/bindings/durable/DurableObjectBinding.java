package dev.kiln.bindings.durable;

import dev.kiln.config.Binding;
import java.util.Optional;

/**
 * A {@code durable_objects.bindings} entry: target is {@code class_name}.
 *
 * @param scriptName the worker defining the class, when it is another worker
 */
public record DurableObjectBinding(String name, String className, Optional<String> scriptName, Optional<String> environment)
        implements Binding {

    @Override
    public String type() {
        return DurableObjectKind.TYPE;
    }

    @Override
    public String target() {
        return className;
    }
}

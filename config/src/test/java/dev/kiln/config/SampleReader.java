package dev.kiln.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A binding kind for the config reader's own tests: an array of tables with a name key and a target key, read the
 * way real kinds (in their own modules) read theirs.
 */
record SampleReader(String type, String nameKey, String targetKey) implements BindingReader {

    /** {@code kv_namespaces} and {@code services}, as the tests' configurations declare them. */
    static final List<BindingReader> ALL = List.of(new SampleReader("kv_namespaces", "binding", "id"),
            new SampleReader("services", "binding", "service"));

    @Override
    public Set<String> keys() {
        return Set.of(type);
    }

    @Override
    public void read(ConfigTable config, BindingSink out) {
        for (ConfigTable t : config.tables(type)) {
            t.warnUnexpected(Set.of(nameKey, targetKey));
            Optional<String> target = t.string(targetKey);
            String name = t.requiredString(nameKey);
            out.add(t, new Sample(type, name, target.orElse(name)));
        }
    }

    record Sample(String type, String name, String target) implements Binding {
    }
}

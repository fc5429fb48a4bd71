package dev.kiln.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads every binding of a configuration (config.md §4): each kind's declarations through its
 * {@link BindingReader}; the binding keys no reader owns as {@link Binding.Unsupported}, with a warning. Checks
 * that names are unique identifiers.
 */
final class Bindings {

    /** Where the declarations of a key live when they are not the key's own entries. */
    private static final Map<String, String> NESTED = Map.of("durable_objects", "bindings", "queues", "producers");

    private final Table config;
    private final Problems problems;
    private final List<? extends BindingReader> readers;
    private final List<Binding> out = new ArrayList<>();
    private final Map<String, Node> seen = new LinkedHashMap<>();

    Bindings(Table config, Problems problems, List<? extends BindingReader> readers) {
        this.config = config;
        this.problems = problems;
        this.readers = readers;
    }

    List<Binding> read() {
        Set<String> owned = new HashSet<>();
        TableView view = new TableView(config);
        for (BindingReader reader : readers) {
            owned.addAll(reader.keys());
            if (reader.keys().stream().anyMatch(config::has)) {
                reader.read(view, this::add);
            }
        }
        for (String key : Keys.BINDING_KEYS) {
            if (!owned.contains(key) && !key.equals("unsafe")) {
                unsupportedKey(key);
            }
        }
        config.table("unsafe").ifPresent(u -> {
            u.warnUnexpected(Set.of("bindings", "metadata", "capnp"));
            for (Table t : u.tables("bindings")) {
                Optional<String> type = t.string("type");
                Optional<? extends BindingReader> reader = readers.stream()
                        .filter(r -> type.isPresent() && r.unsafeTypes().contains(type.get())).findFirst();
                if (reader.isPresent()) {
                    reader.get().readUnsafe(new TableView(t), this::add);
                } else {
                    unsupported("unsafe", t);
                }
            }
        });
        return List.copyOf(out);
    }

    private void unsupportedKey(String key) {
        Node node = config.fields().get(key);
        if (node == null) {
            return;
        }
        if (NESTED.containsKey(key)) {
            config.table(key).ifPresent(t -> t.tables(NESTED.get(key)).forEach(b -> unsupported(key, b)));
        } else if (key.equals("assets")) {
            config.table(key).filter(t -> t.has("binding")).ifPresent(t -> unsupported(key, t));
        } else if (node.isArray()) {
            config.tables(key).forEach(t -> unsupported(key, t));
        } else if (node.isTable()) {
            config.table(key).ifPresent(t -> unsupported(key, t));
        }
    }

    private void unsupported(String kind, Table t) {
        String name = t.string("binding").or(() -> t.string("name")).orElse(kind);
        String target = first(t, "namespace_id", "class_name", "database_name", "bucket_name", "queue", "directory", "dataset",
                "destination_address", "workflow_name", "id", "index_name", "namespace", "certificate_id", "service", "store_id",
                "pipeline", "type").orElse("");
        add(new TableView(t), new Binding.Unsupported(kind, name, target));
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

    private void add(ConfigTable at, Binding binding) {
        if (binding.name().isEmpty()) {
            return; // the missing name was already reported
        }
        Node node = ((TableView) at).table().node();
        if (!ConfigReader.validIdentifier(binding.name())) {
            problems.error(node, "binding name \"" + binding.name() + "\" is not a valid identifier (letters, digits, _ and $, not starting with a digit)");
        }
        Node previous = seen.putIfAbsent(binding.name(), node);
        if (previous != null) {
            problems.error(node, "binding name \"" + binding.name() + "\" is already used (line " + previous.line()
                    + "); binding names must be unique across all binding types");
            return;
        }
        out.add(binding);
    }
}

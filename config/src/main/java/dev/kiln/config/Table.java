package dev.kiln.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed access to one table of the configuration: each read names the key path in its error, and
 * {@link #unexpected(Set)} warns about fields nobody read (config.md §1).
 */
final class Table {

    private final String path;
    private final Node node;
    private final Problems problems;

    Table(String path, Node node, Problems problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    Node node() {
        return node;
    }

    String path() {
        return path;
    }

    Map<String, Node> fields() {
        return node.table();
    }

    boolean has(String key) {
        return fields().containsKey(key);
    }

    private String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Optional<String> string(String key) {
        return typed(key, String.class, "a string");
    }

    String requiredString(String key) {
        Optional<String> value = string(key);
        if (value.isEmpty() && !has(key)) {
            problems.error(node, "\"" + at(key) + "\" is required");
        }
        return value.orElse("");
    }

    Optional<Long> integer(String key) {
        return typed(key, Long.class, "an integer");
    }

    Optional<Boolean> bool(String key) {
        return typed(key, Boolean.class, "a boolean");
    }

    Optional<List<String>> strings(String key) {
        Optional<Node> array = typedNode(key, List.class, "an array of strings");
        if (array.isEmpty()) {
            return Optional.empty();
        }
        List<Node> items = array.get().array();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i).value() instanceof String)) {
                problems.error(items.get(i), "\"" + at(key) + "[" + i + "]\": expected a string, got " + items.get(i).typeName());
            }
        }
        return Optional.of(items.stream().filter(n -> n.value() instanceof String).map(n -> (String) n.value()).toList());
    }

    Optional<Table> table(String key) {
        return typedNode(key, Map.class, "a table").map(n -> new Table(at(key), n, problems));
    }

    /** @return the entries of an array of tables, each as a table named {@code key[i]} */
    List<Table> tables(String key) {
        Optional<Node> array = typedNode(key, List.class, "an array of tables");
        if (array.isEmpty()) {
            return List.of();
        }
        List<Node> items = array.get().array();
        java.util.ArrayList<Table> out = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isTable()) {
                out.add(new Table(at(key) + "[" + i + "]", items.get(i), problems));
            } else {
                problems.error(items.get(i), "\"" + at(key) + "[" + i + "]\": expected a table, got " + items.get(i).typeName());
            }
        }
        return out;
    }

    <T> Optional<T> map(String key, Function<Node, T> read) {
        return Optional.ofNullable(fields().get(key)).map(read);
    }

    void warnUnexpected(Set<String> known) {
        for (var e : fields().entrySet()) {
            if (!known.contains(e.getKey())) {
                problems.warn(e.getValue(), "Unexpected fields found in " + (path.isEmpty() ? "top-level" : path) + " field: \"" + e.getKey() + "\"");
            }
        }
    }

    void error(String key, String message) {
        problems.error(fields().getOrDefault(key, node), "\"" + at(key) + "\": " + message);
    }

    void warn(String key, String message) {
        problems.warn(fields().getOrDefault(key, node), message);
    }

    private <T> Optional<T> typed(String key, Class<T> type, String expected) {
        return typedNode(key, type, expected).map(n -> type.cast(n.value()));
    }

    private Optional<Node> typedNode(String key, Class<?> type, String expected) {
        Node value = fields().get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value.value())) {
            problems.error(value, "\"" + at(key) + "\": expected " + expected + ", got " + value.typeName());
            return Optional.empty();
        }
        return Optional.of(value);
    }
}

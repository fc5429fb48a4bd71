package dev.kiln.config;

import java.util.List;
import java.util.Map;

/**
 * One value of a configuration file with its position, the same whether it came from TOML or JSON: a
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code List<Node>} or
 * {@code Map<String, Node>} (insertion-ordered).
 */
record Node(Object value, int line, int column) {

    public boolean isTable() {
        return value instanceof Map;
    }

    public boolean isArray() {
        return value instanceof List;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Node> table() {
        return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    public List<Node> array() {
        return (List<Node>) value;
    }

    /** @return the type name used in messages: string, integer, float, boolean, array, table */
    public String typeName() {
        return switch (value) {
            case String s -> "string";
            case Long l -> "integer";
            case Double d -> "float";
            case Boolean b -> "boolean";
            case List<?> l -> "array";
            case Map<?, ?> m -> "table";
            default -> value.getClass().getSimpleName();
        };
    }

    /** @return the value as plain Java: String, Long, Double, Boolean, List or Map, without positions */
    public Object plain() {
        if (value instanceof Map<?, ?>) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            table().forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }
        if (value instanceof List<?>) {
            return array().stream().map(Node::plain).toList();
        }
        return value;
    }
}

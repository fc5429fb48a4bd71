package dev.kiln.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Reads {@code wrangler.toml} (TOML 1.0, tomlj) into a {@link Node} tree with line:column positions. */
final class TomlSource {

    private TomlSource() {
    }

    static Node read(Path file, String text) {
        TomlParseResult result = Toml.parse(text);
        if (result.hasErrors()) {
            List<Diagnostic> errors = new ArrayList<>();
            for (TomlParseError e : result.errors()) {
                TomlPosition p = e.position();
                errors.add(new Diagnostic(Diagnostic.Severity.ERROR, file, p == null ? 0 : p.line(), p == null ? 0 : p.column(),
                        "invalid TOML: " + e.getMessage().replaceFirst(" \\(line \\d+, column \\d+\\)$", "")));
            }
            throw new ConfigException(errors);
        }
        return table(result, 1, 1);
    }

    private static Node table(TomlTable table, int line, int column) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (String key : table.keySet()) {
            List<String> path = List.of(key);
            TomlPosition p = table.inputPositionOf(path);
            out.put(key, value(table.get(path), p == null ? line : p.line(), p == null ? column : p.column()));
        }
        return new Node(out, line, column);
    }

    private static Node value(Object value, int line, int column) {
        if (value instanceof TomlTable t) {
            return table(t, line, column);
        }
        if (value instanceof TomlArray a) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                TomlPosition p = a.inputPositionOf(i);
                items.add(value(a.get(i), p == null ? line : p.line(), p == null ? column : p.column()));
            }
            return new Node(items, line, column);
        }
        if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return new Node(value, line, column);
        }
        return new Node(String.valueOf(value), line, column); // dates and times: kept as written
    }
}

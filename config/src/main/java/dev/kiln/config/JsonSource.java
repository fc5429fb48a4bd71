package dev.kiln.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code wrangler.json} / {@code wrangler.jsonc} into a {@link Node} tree with line:column positions.
 * JSONC allows {@code //} and {@code /* *}{@code /} comments and trailing commas (config.md §1).
 */
final class JsonSource {

    private static final JsonMapper JSONC = JsonMapper.builder(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build()).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonSource() {
    }

    static Node read(Path file, String text, boolean comments) {
        try (JsonParser parser = (comments ? JSONC : JSON).createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw error(file, parser.currentTokenLocation(), "the configuration must be a JSON object");
            }
            Node root = value(file, parser);
            if (parser.nextToken() != null) {
                throw error(file, parser.currentTokenLocation(), "unexpected content after the closing '}'");
            }
            return root;
        } catch (JacksonException e) {
            TokenStreamLocation where = e.getLocation();
            throw error(file, where, "invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static Node value(Path file, JsonParser parser) {
        TokenStreamLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    TokenStreamLocation nameAt = parser.currentTokenLocation();
                    if (fields.containsKey(name)) {
                        throw error(file, nameAt, "duplicate key \"" + name + "\"");
                    }
                    parser.nextToken();
                    Node child = value(file, parser);
                    // Report a field at its name, where people look for it.
                    fields.put(name, new Node(child.value(), nameAt.getLineNr(), nameAt.getColumnNr()));
                }
                return new Node(fields, line, column);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(file, parser));
                }
                return new Node(items, line, column);
            }
            case VALUE_STRING -> {
                return new Node(parser.getString(), line, column);
            }
            case VALUE_NUMBER_INT -> {
                return new Node(parser.getLongValue(), line, column);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node(parser.getDoubleValue(), line, column);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(token == JsonToken.VALUE_TRUE, line, column);
            }
            case VALUE_NULL -> throw error(file, at, "null is not a valid configuration value");
            default -> throw error(file, at, "unexpected " + token);
        }
    }

    private static ConfigException error(Path file, TokenStreamLocation where, String message) {
        int line = where == null ? 0 : where.getLineNr();
        int column = where == null ? 0 : where.getColumnNr();
        return new ConfigException(List.of(new Diagnostic(Diagnostic.Severity.ERROR, file, line, column, message)));
    }
}

package dev.kiln.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses dotenv files ({@code .dev.vars}, {@code .env}): {@code KEY=value} lines, optional {@code export }
 * prefix, {@code #} comments, single quotes (literal), double quotes (escapes {@code \n \r \t \" \\}, may
 * span lines), and {@code ${OTHER}} expansion in unquoted and double-quoted values when asked.
 */
final class DotEnv {

    private DotEnv() {
    }

    /**
     * @param lookup resolves {@code ${NAME}} for names not defined earlier in the file, or null for no expansion
     * @return the variables in file order
     * @throws IllegalArgumentException with the line number, for a line that is not {@code KEY=value} or an
     *     unterminated quote
     */
    public static Map<String, String> parse(String text, Function<String, String> lookup) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int line = 1;
        int n = text.length();
        while (i < n) {
            int lineStart = line;
            // skip blank space and comment lines
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            char c = text.charAt(i);
            if (c == '\n') {
                i++;
                line++;
                continue;
            }
            if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (text.startsWith("export ", i)) {
                i += 7;
            }
            int keyStart = i;
            while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '.' || text.charAt(i) == '-')) {
                i++;
            }
            String key = text.substring(keyStart, i);
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            if (key.isEmpty() || i >= n || text.charAt(i) != '=') {
                throw new IllegalArgumentException("line " + lineStart + ": expected KEY=value");
            }
            i++;
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            String value;
            if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
                char quote = text.charAt(i++);
                StringBuilder v = new StringBuilder();
                while (i < n && text.charAt(i) != quote) {
                    char ch = text.charAt(i++);
                    if (ch == '\n') {
                        line++;
                    }
                    if (quote == '"' && ch == '\\' && i < n) {
                        char esc = text.charAt(i++);
                        v.append(switch (esc) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            default -> esc;
                        });
                    } else {
                        v.append(ch);
                    }
                }
                if (i >= n) {
                    throw new IllegalArgumentException("line " + lineStart + ": unterminated " + quote + " quote in the value of " + key);
                }
                i++; // closing quote
                value = quote == '"' && lookup != null ? expand(v.toString(), out, lookup) : v.toString();
                while (i < n && text.charAt(i) != '\n') {
                    i++; // rest of line: spaces or a comment
                }
            } else {
                int start = i;
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                String raw = text.substring(start, i);
                int comment = raw.indexOf(" #");
                raw = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
                value = lookup != null ? expand(raw, out, lookup) : raw;
            }
            out.put(key, value);
        }
        return out;
    }

    private static String expand(String value, Map<String, String> defined, Function<String, String> lookup) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            int end = start < 0 ? -1 : value.indexOf('}', start);
            if (start < 0 || end < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, start);
            String name = value.substring(start + 2, end);
            String replacement = defined.containsKey(name) ? defined.get(name) : lookup.apply(name);
            out.append(replacement == null ? "" : replacement);
            i = end + 1;
        }
        return out.toString();
    }
}

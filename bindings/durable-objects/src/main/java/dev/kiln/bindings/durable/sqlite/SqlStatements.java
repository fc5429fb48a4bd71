package dev.kiln.bindings.durable.sqlite;

import dev.kiln.bindings.durable.ObjectSqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits SQL text into statements and applies the Durable Object SQL rules (bindings.md §2.6): no transaction
 * control, no {@code ATTACH}, no access to Kiln's {@code _cf_} tables. A lexer, not a parser: it knows quotes,
 * comments and {@code CREATE TRIGGER ... BEGIN ... END} bodies, which is what splitting needs.
 */
final class SqlStatements {

    private static final Set<String> FORBIDDEN = Set.of("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE",
            "ATTACH", "DETACH", "VACUUM");

    private SqlStatements() {
    }

    /** @return the non-empty statements, without their {@code ;} */
    static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = closing(sql, i, c);
            } else if (c == '[') {
                i = closing(sql, i, ']');
            } else if (startsComment(sql, i)) {
                i = afterComment(sql, i);
            } else if (Character.isLetter(c) || c == '_') {
                int end = wordEnd(sql, i);
                words.add(sql.substring(i, end).toUpperCase(Locale.ROOT));
                i = end;
            } else if (c == ';') {
                // Inside CREATE TRIGGER the body's statements end with ';' too: the statement ends at END;
                if (!isTrigger(words) || (!words.isEmpty() && words.get(words.size() - 1).equals("END"))) {
                    add(statements, sql.substring(start, i));
                    start = i + 1;
                    words.clear();
                }
                i++;
            } else {
                i++;
            }
        }
        add(statements, sql.substring(start));
        return statements;
    }

    /** @throws ObjectSqlException if the statement breaks a Durable Object SQL rule */
    static void check(String statement) {
        List<String> words = identifiers(statement);
        if (words.isEmpty()) {
            return;
        }
        String first = words.get(0);
        if (FORBIDDEN.contains(first)) {
            throw new ObjectSqlException(first + " is not allowed in a Durable Object's SQL: each event is already a transaction;"
                    + " use storage.transaction(...) for a nested one");
        }
        for (String w : identifiers(statement)) {
            if (w.contains("_CF_")) {
                throw new ObjectSqlException("access to " + w.toLowerCase(Locale.ROOT) + " is not allowed: names containing _cf_ are reserved"
                        + " for Kiln's own tables (the key-value API lives there)");
            }
        }
    }

    private static boolean startsComment(String sql, int i) {
        return sql.startsWith("--", i) || sql.startsWith("/*", i);
    }

    /** @return the index just past the comment that starts at {@code i} (a -- comment ends with its line) */
    private static int afterComment(String sql, int i) {
        if (sql.startsWith("--", i)) {
            int eol = sql.indexOf('\n', i);
            return eol < 0 ? sql.length() : eol + 1;
        }
        int close = sql.indexOf("*/", i + 2);
        return close < 0 ? sql.length() : close + 2;
    }

    /** @return the index just past the word (letters, digits, _ and $) that starts at {@code i} */
    private static int wordEnd(String sql, int i) {
        int end = i;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
            end++;
        }
        return end;
    }

    /** @return the statement's words and quoted identifiers, upper-cased, string literals and comments left out */
    private static List<String> identifiers(String sql) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = closing(sql, i, '\'');
            } else if (c == '"' || c == '`' || c == '[') {
                int end = closing(sql, i, c == '[' ? ']' : c);
                words.add(sql.substring(i + 1, Math.max(i + 1, end - 1)).toUpperCase(Locale.ROOT));
                i = end;
            } else if (startsComment(sql, i)) {
                i = afterComment(sql, i);
            } else if (Character.isLetter(c) || c == '_') {
                int end = wordEnd(sql, i);
                words.add(sql.substring(i, end).toUpperCase(Locale.ROOT));
                i = end;
            } else {
                i++;
            }
        }
        return words;
    }

    private static boolean isTrigger(List<String> words) {
        if (words.isEmpty() || !words.get(0).equals("CREATE")) {
            return false;
        }
        for (int k = 1; k < Math.min(words.size(), 4); k++) {
            if (words.get(k).equals("TRIGGER")) {
                return true;
            }
        }
        return false;
    }

    /** @return the index after the closing quote (doubled quotes escape it), or the end of the text */
    private static int closing(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (quote != ']' && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static void add(List<String> statements, String statement) {
        if (!identifiersOrNothing(statement)) {
            return;
        }
        statements.add(statement.strip());
    }

    /** @return whether the text has anything but whitespace and comments */
    private static boolean identifiersOrNothing(String statement) {
        String s = statement.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\n]*", "");
        return !s.isBlank();
    }
}

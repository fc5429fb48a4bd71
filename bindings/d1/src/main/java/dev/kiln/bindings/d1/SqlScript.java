package dev.kiln.bindings.d1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads SQLite SQL text the way SQLite does, without running it: splits scripts into statements on
 * {@code ;} outside string literals, quoted identifiers and comments (and outside the {@code BEGIN ... END}
 * body of a {@code CREATE TRIGGER}), finds a statement's first keyword, and finds named parameters.
 */
public final class SqlScript {

    /**
     * One statement of a script.
     *
     * @param sql the statement, without its terminating {@code ;}
     * @param line the 1-based line it starts on
     */
    public record Piece(String sql, int line) {
    }

    private SqlScript() {
    }

    /** @return the statements of the script, skipping empty ones and ones that are only comments */
    public static List<Piece> split(String script) {
        List<Piece> pieces = new ArrayList<>();
        Scanner s = new Scanner(script);
        int start = 0;
        int startLine = 1;
        boolean trigger = false;
        int depth = 0;
        List<String> words = new ArrayList<>();
        while (s.pos < script.length()) {
            String word = s.nextWordOrSkip();
            if (word != null && word.isEmpty()) {
                continue; // a literal or quoted identifier was skipped
            }
            if (word != null) {
                String w = word.toUpperCase(Locale.ROOT);
                if (words.size() < 4) {
                    words.add(w);
                    trigger = words.get(0).equals("CREATE") && words.contains("TRIGGER");
                }
                if (trigger && (w.equals("BEGIN") || w.equals("CASE"))) {
                    depth++;
                } else if (trigger && w.equals("END") && depth > 0) {
                    depth--;
                }
                continue;
            }
            if (s.pos < script.length() && script.charAt(s.pos) == ';' && depth == 0) {
                add(pieces, script.substring(start, s.pos), startLine);
                s.pos++;
                start = s.pos;
                startLine = s.line;
                words.clear();
                trigger = false;
            } else if (s.pos < script.length()) {
                s.skipOne();
            }
        }
        add(pieces, script.substring(start), startLine);
        return pieces;
    }

    private static void add(List<Piece> pieces, String text, int line) {
        Scanner s = new Scanner(text);
        s.skipSpaceAndComments();
        if (s.pos >= text.length()) {
            return;
        }
        pieces.add(new Piece(text.substring(s.pos).strip(), line + s.line - 1));
    }

    /** @return the statement's first keyword in upper case ("" if there is none) */
    public static String firstKeyword(String sql) {
        Scanner s = new Scanner(sql);
        s.skipSpaceAndComments();
        String word = s.nextWordOrSkip();
        return word == null ? "" : word.toUpperCase(Locale.ROOT);
    }

    /** @return the words after the first keyword, up to the next punctuation other than '.', in upper case */
    public static String secondWord(String sql) {
        Scanner s = new Scanner(sql);
        s.skipSpaceAndComments();
        s.nextWordOrSkip();
        s.skipSpaceAndComments();
        StringBuilder b = new StringBuilder();
        while (s.pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(s.pos)) || sql.charAt(s.pos) == '_' || sql.charAt(s.pos) == '.')) {
            b.append(sql.charAt(s.pos++));
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /** @return the first named parameter ({@code :name}, {@code @name}, {@code $name}) outside literals, or null */
    public static String namedParameter(String sql) {
        Scanner s = new Scanner(sql);
        while (s.pos < sql.length()) {
            if (s.nextWordOrSkip() != null) {
                continue;
            }
            if (s.pos >= sql.length()) {
                break;
            }
            char c = sql.charAt(s.pos);
            if ((c == ':' || c == '@' || c == '$') && s.pos + 1 < sql.length() && isWordChar(sql.charAt(s.pos + 1))) {
                int end = s.pos + 1;
                while (end < sql.length() && isWordChar(sql.charAt(end))) {
                    end++;
                }
                return sql.substring(s.pos, end);
            }
            s.skipOne();
        }
        return null;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** A cursor over SQL text that knows literals, quoted identifiers and comments. */
    private static final class Scanner {
        private final String text;
        int pos;
        int line = 1;

        Scanner(String text) {
            this.text = text;
        }

        /**
         * Skips whitespace and comments; then reads a bare word if one starts here (returned), or skips one
         * whole literal/quoted identifier (returns "", position after it). At punctuation or the end returns
         * null without moving.
         */
        String nextWordOrSkip() {
            skipSpaceAndComments();
            if (pos >= text.length()) {
                return null;
            }
            char c = text.charAt(pos);
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < text.length() && isWordChar(text.charAt(pos))) {
                    pos++;
                }
                return text.substring(start, pos);
            }
            if (c == '\'' || c == '"' || c == '`') {
                skipQuoted(c);
                return "";
            }
            if (c == '[') {
                skipQuoted(']');
                return "";
            }
            return null;
        }

        /** Skips a quoted run opened at pos; a doubled closing quote is an escaped quote. */
        private void skipQuoted(char close) {
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\n') {
                    line++;
                }
                if (c == close) {
                    if (close != ']' && pos < text.length() && text.charAt(pos) == close) {
                        pos++;
                    } else {
                        return;
                    }
                }
            }
        }

        void skipOne() {
            if (text.charAt(pos) == '\n') {
                line++;
            }
            pos++;
        }

        void skipSpaceAndComments() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    skipOne();
                } else if (text.startsWith("--", pos)) {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else if (text.startsWith("/*", pos)) {
                    int end = text.indexOf("*/", pos + 2);
                    int stop = end < 0 ? text.length() : end + 2;
                    while (pos < stop) {
                        skipOne();
                    }
                } else {
                    return;
                }
            }
        }
    }
}

package dev.kiln.config;

import java.nio.file.Path;

/**
 * A problem found in a configuration file, with its position when known (line and column from 1; 0 = unknown).
 */
public record Diagnostic(Severity severity, Path file, int line, int column, String message) {

    public enum Severity { WARNING, ERROR }

    /** @return {@code file:line:column: severity: message}, the form editors and terminals link */
    public String format() {
        String where = line > 0 ? file + ":" + line + ":" + column : file.toString();
        return where + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}

package dev.kiln.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration could not be read: the message lists every error as {@code file:line:column: error: ...}. */
public class ConfigException extends RuntimeException {

    private final List<Diagnostic> diagnostics;

    public ConfigException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** @return the errors (and any warnings found before them) */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}

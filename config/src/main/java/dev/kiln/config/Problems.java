package dev.kiln.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the warnings and errors of one configuration file. */
final class Problems {

    private final Path file;
    private final List<Diagnostic> all = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void warn(Node at, String message) {
        all.add(new Diagnostic(Diagnostic.Severity.WARNING, file, at.line(), at.column(), message));
    }

    void error(Node at, String message) {
        all.add(new Diagnostic(Diagnostic.Severity.ERROR, file, at.line(), at.column(), message));
    }

    void error(String message) {
        all.add(new Diagnostic(Diagnostic.Severity.ERROR, file, 0, 0, message));
    }

    void warn(String message) {
        all.add(new Diagnostic(Diagnostic.Severity.WARNING, file, 0, 0, message));
    }

    /** @throws ConfigException if any error was found */
    void throwIfErrors() {
        if (all.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
            throw new ConfigException(all);
        }
    }

    List<Diagnostic> warnings() {
        return all.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
    }
}

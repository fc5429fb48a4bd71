package dev.kiln.cli;

import dev.kiln.config.ConfigException;
import java.io.UncheckedIOException;

/** Turns a failure into the one-paragraph message the CLI prints (never a stack trace for expected errors). */
final class Errors {

    private Errors() {
    }

    static String describe(Throwable error) {
        if (error instanceof ConfigException || error instanceof IllegalArgumentException || error instanceof dev.kiln.api.KilnException) {
            return error.getMessage();
        }
        if (error instanceof UncheckedIOException io) {
            return io.getMessage() + (io.getCause() != null && io.getCause().getMessage() != null ? ": " + io.getCause().getMessage() : "");
        }
        return error.toString();
    }
}

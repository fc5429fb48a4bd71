package dev.kiln.testing;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logging in tests that run Kiln: Kiln logs through SLF4J (to slf4j-simple, which this module brings, set up by
 * its {@code simplelogger.properties}) and Helidon through {@code java.util.logging}. By default a test's output
 * shows warnings, errors and the workers' console lines only; {@code KILN_LOG_LEVEL} (as for {@code kiln dev}:
 * {@code info}, {@code debug}, ...) shows more. Levels set explicitly (slf4j-simple system properties, a JUL
 * configuration file) are left alone.
 */
final class TestLogging {

    /** Held so that JUL keeps the level set on it (it references loggers weakly). */
    private static final Logger HELIDON = Logger.getLogger("io.helidon");

    private TestLogging() {
    }

    static void configure() {
        String level = System.getenv("KILN_LOG_LEVEL");
        boolean verbose = level != null && !level.isBlank();
        if (verbose) {
            setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level.toLowerCase(Locale.ROOT));
            setIfAbsent("org.slf4j.simpleLogger.log.worker", level.toLowerCase(Locale.ROOT));
        }
        if (System.getProperty("java.util.logging.config.file") == null && System.getProperty("java.util.logging.config.class") == null) {
            HELIDON.setLevel(verbose ? Level.INFO : Level.WARNING);
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}

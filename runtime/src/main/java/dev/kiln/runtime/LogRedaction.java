package dev.kiln.runtime;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The secret values ({@code .dev.vars}, {@code .env}) of every worker this process has loaded, for the log
 * layout to replace with {@code [REDACTED]} in every line it writes, whoever wrote it (an exception message, a
 * library, Kiln itself). Values stay registered after a reload: redacting an old secret costs nothing.
 */
public final class LogRedaction {

    private static final Set<String> SECRETS = new LinkedHashSet<>();
    private static volatile SecretMask mask = new SecretMask(List.of());

    private LogRedaction() {
    }

    /** Adds secret values to redact from now on. */
    public static synchronized void addSecrets(Collection<String> values) {
        if (SECRETS.addAll(values)) {
            mask = new SecretMask(SECRETS);
        }
    }

    /** @return {@code line} with every registered secret value replaced */
    public static String redact(String line) {
        return mask.apply(line);
    }
}

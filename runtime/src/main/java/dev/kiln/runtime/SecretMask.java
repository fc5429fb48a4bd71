package dev.kiln.runtime;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Replaces secret values in text that leaves the worker (logs, tail events) with {@code [REDACTED]}. */
final class SecretMask {

    /** Values this short would mask ordinary words; they are left alone. */
    private static final int MIN_LENGTH = 4;
    private final List<String> values;

    public SecretMask(Collection<String> secretValues) {
        // Longest first, so a secret that contains another is replaced whole.
        this.values = secretValues.stream().filter(v -> v.length() >= MIN_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public String apply(String text) {
        String out = text;
        for (String secret : values) {
            if (out.contains(secret)) {
                out = out.replace(secret, "[REDACTED]");
            }
        }
        return out;
    }
}

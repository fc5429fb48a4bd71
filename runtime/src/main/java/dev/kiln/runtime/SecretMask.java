package dev.kiln.runtime;

import java.util.Collection;
import java.util.List;

/** Replaces secret values in text that leaves the worker (logs, tail events) with {@code [REDACTED]}. */
final class SecretMask {

    /** Values this short would mask ordinary words; they are left alone. */
    private static final int MIN_LENGTH = 4;
    private final List<String> values;

    public SecretMask(Collection<String> secretValues) {
        this.values = secretValues.stream().filter(v -> v.length() >= MIN_LENGTH).distinct().toList();
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

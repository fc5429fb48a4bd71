package dev.kiln.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * HTTP header fields: immutable, ordered, with case-insensitive names (stored lower-case, as Fetch does).
 * A name may carry several values.
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(new String[0]);

    /** Alternating lower-case names and values, in insertion order. */
    private final String[] fields;

    private Headers(String[] fields) {
        this.fields = fields;
    }

    /** @return headers with no fields */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * @param namesAndValues alternating names and values
     * @return headers holding the given fields in order
     * @throws IllegalArgumentException if the count is odd or a name or value is not valid in HTTP
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected names and values in pairs, got " + namesAndValues.length + " strings");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** @return a builder for new headers */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder that starts with these fields */
    public Builder toBuilder() {
        Builder builder = new Builder();
        Collections.addAll(builder.fields, fields);
        return builder;
    }

    /** @return the first value of the named field, if present */
    public Optional<String> first(String name) {
        String lower = lower(name);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equals(lower)) {
                return Optional.of(fields[i + 1]);
            }
        }
        return Optional.empty();
    }

    /**
     * The value as Fetch's {@code Headers.get} returns it: all values of the field joined with {@code ", "}.
     *
     * @return the combined value, if the field is present
     */
    public Optional<String> get(String name) {
        String lower = lower(name);
        String combined = null;
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equals(lower)) {
                combined = combined == null ? fields[i + 1] : combined + ", " + fields[i + 1];
            }
        }
        return Optional.ofNullable(combined);
    }

    /** @return every value of the named field, in order; empty if absent */
    public List<String> all(String name) {
        String lower = lower(name);
        List<String> values = new ArrayList<>(1);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equals(lower)) {
                values.add(fields[i + 1]);
            }
        }
        return List.copyOf(values);
    }

    /** @return whether the named field is present */
    public boolean has(String name) {
        return first(name).isPresent();
    }

    /** @return the distinct field names, lower-case, in first-seen order */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < fields.length; i += 2) {
            names.add(fields[i]);
        }
        return Collections.unmodifiableSet(names);
    }

    /** @return the number of fields (a name with two values counts twice) */
    public int size() {
        return fields.length / 2;
    }

    /** Calls {@code action} with each field's lower-case name and value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        Objects.requireNonNull(action);
        for (int i = 0; i < fields.length; i += 2) {
            action.accept(fields[i], fields[i + 1]);
        }
    }

    /** @return a copy with the named field set to this single value */
    public Headers with(String name, String value) {
        return toBuilder().set(name, value).build();
    }

    /** @return a copy without the named field */
    public Headers without(String name) {
        return toBuilder().remove(name).build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers that && java.util.Arrays.equals(fields, that.fields);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Headers{");
        for (int i = 0; i < fields.length; i += 2) {
            out.append(i == 0 ? "" : ", ").append(fields[i]).append(": ").append(fields[i + 1]);
        }
        return out.append('}').toString();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Collects header fields. Not thread-safe. */
    public static final class Builder {
        private final List<String> fields = new ArrayList<>();

        private Builder() {
        }

        /**
         * Appends a value, keeping earlier values of the same name.
         *
         * @throws IllegalArgumentException if the name is not an HTTP token or the value has CR, LF or NUL
         */
        public Builder add(String name, String value) {
            fields.add(lower(validName(name)));
            fields.add(validValue(name, value));
            return this;
        }

        /** Replaces every value of the named field with this one. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        /** Removes every value of the named field. */
        public Builder remove(String name) {
            String lower = lower(name);
            for (int i = fields.size() - 2; i >= 0; i -= 2) {
                if (fields.get(i).equals(lower)) {
                    fields.remove(i + 1);
                    fields.remove(i);
                }
            }
            return this;
        }

        /** @return the immutable headers */
        public Headers build() {
            return fields.isEmpty() ? EMPTY : new Headers(fields.toArray(new String[0]));
        }

        private static String validName(String name) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("header name is empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                // RFC 9110 §5.6.2: field names are tokens.
                boolean token = c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
                if (!token) {
                    throw new IllegalArgumentException("invalid character " + (int) c + " in header name '" + name + "'");
                }
            }
            return name;
        }

        private static String validValue(String name, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("invalid character " + (int) c + " in value of header '" + name + "'");
                }
            }
            return value;
        }
    }
}

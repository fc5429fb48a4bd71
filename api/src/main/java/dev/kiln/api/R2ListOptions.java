package dev.kiln.api;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Options of {@link R2Bucket#list(R2ListOptions)} (bindings.md §4).
 *
 * @param limit page size, 1-1000 (default 1000)
 * @param prefix only keys starting with this
 * @param cursor the cursor of the previous page
 * @param delimiter roll keys up to their first delimiter after the prefix into {@code delimitedPrefixes}
 * @param startAfter only keys after this one
 * @param include which metadata to list with each object (none by default)
 */
public record R2ListOptions(int limit, Optional<String> prefix, Optional<String> cursor, Optional<String> delimiter,
                            Optional<String> startAfter, Set<Include> include) {

    /** The first page of everything, without metadata. */
    public static final R2ListOptions ALL = new R2ListOptions(1000, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Set.of());

    /** Metadata a listing can include. */
    public enum Include {
        HTTP_METADATA, CUSTOM_METADATA
    }

    public R2ListOptions {
        include = include.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(include));
    }

    /** @return the first page of keys starting with the prefix */
    public static R2ListOptions prefix(String prefix) {
        return ALL.withPrefix(prefix);
    }

    public R2ListOptions withLimit(int value) {
        return new R2ListOptions(value, prefix, cursor, delimiter, startAfter, include);
    }

    public R2ListOptions withPrefix(String value) {
        return new R2ListOptions(limit, Optional.of(value), cursor, delimiter, startAfter, include);
    }

    public R2ListOptions withCursor(String value) {
        return new R2ListOptions(limit, prefix, Optional.of(value), delimiter, startAfter, include);
    }

    public R2ListOptions withDelimiter(String value) {
        return new R2ListOptions(limit, prefix, cursor, Optional.of(value), startAfter, include);
    }

    public R2ListOptions withStartAfter(String value) {
        return new R2ListOptions(limit, prefix, cursor, delimiter, Optional.of(value), include);
    }

    public R2ListOptions withInclude(Include... values) {
        return new R2ListOptions(limit, prefix, cursor, delimiter, startAfter, Set.of(values));
    }
}

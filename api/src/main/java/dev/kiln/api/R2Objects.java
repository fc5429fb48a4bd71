package dev.kiln.api;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing ({@code R2Objects}, bindings.md §4). Page on {@link #truncated()}: a page may hold
 * fewer than the limit and still be followed by more.
 *
 * @param objects the objects, in lexicographic order of key
 * @param delimitedPrefixes with a delimiter, the key prefixes rolled up (e.g. {@code photos/})
 * @param truncated whether more follow
 * @param cursor the cursor of the next page, when truncated
 */
public record R2Objects(List<R2Object> objects, List<String> delimitedPrefixes, boolean truncated, Optional<String> cursor) {

    public R2Objects {
        objects = List.copyOf(objects);
        delimitedPrefixes = List.copyOf(delimitedPrefixes);
    }
}

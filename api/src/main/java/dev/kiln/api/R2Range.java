package dev.kiln.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte range of an object to read (bindings.md §4 {@code range}): {@code {offset, length?}},
 * {@code {offset?, length}} or {@code {suffix}} (the last {@code suffix} bytes). A resolved range, as
 * {@link R2Object#range()} reports it, has both offset and length.
 */
public record R2Range(Optional<Long> offset, Optional<Long> length, Optional<Long> suffix) {

    private static final Pattern HEADER = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    public R2Range {
        if (suffix.isPresent() && (offset.isPresent() || length.isPresent())) {
            throw new R2Exception(R2Error.InvalidArgument, "A range has a suffix or an offset and length, not both");
        }
        if (suffix.isEmpty() && offset.isEmpty() && length.isEmpty()) {
            throw new R2Exception(R2Error.InvalidArgument, "A range needs an offset, a length or a suffix");
        }
        if (offset.orElse(0L) < 0 || length.orElse(1L) < 0 || suffix.orElse(1L) < 0) {
            throw new R2Exception(R2Error.InvalidRange, "A range cannot be negative: " + describe(offset, length, suffix));
        }
    }

    /** @return the bytes from {@code offset} to the end */
    public static R2Range from(long offset) {
        return new R2Range(Optional.of(offset), Optional.empty(), Optional.empty());
    }

    /** @return {@code length} bytes from {@code offset} */
    public static R2Range of(long offset, long length) {
        return new R2Range(Optional.of(offset), Optional.of(length), Optional.empty());
    }

    /** @return the last {@code suffix} bytes */
    public static R2Range suffix(long suffix) {
        return new R2Range(Optional.empty(), Optional.empty(), Optional.of(suffix));
    }

    /**
     * Parses a {@code Range} header of one range: {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}.
     *
     * @throws R2Exception InvalidRange if it is not one byte range
     */
    public static R2Range fromHeader(String header) {
        Matcher m = HEADER.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            throw new R2Exception(R2Error.InvalidRange, "Unsupported Range header '" + header + "': one range of bytes=a-b, a- or -n");
        }
        try {
            if (m.group(1).isEmpty()) {
                return suffix(Long.parseLong(m.group(2)));
            }
            long first = Long.parseLong(m.group(1));
            if (m.group(2).isEmpty()) {
                return from(first);
            }
            long last = Long.parseLong(m.group(2));
            if (last < first) {
                throw new R2Exception(R2Error.InvalidRange, "Range '" + header + "' ends before it starts");
            }
            // bytes=a-b is inclusive; a last byte past the end is cut at the end when resolved.
            return of(first, last == Long.MAX_VALUE ? Long.MAX_VALUE - first : last - first + 1);
        } catch (NumberFormatException e) {
            throw new R2Exception(R2Error.InvalidRange, "Range '" + header + "' is out of bounds");
        }
    }

    /**
     * Fixes the range against an object's size. A length past the end is cut at the end, and a suffix
     * longer than the object is the whole object, as in HTTP.
     *
     * @return the resolved range, with offset and length
     * @throws R2Exception InvalidRange if no byte of the object is in the range
     */
    public R2Range resolve(long size) {
        long start;
        long count;
        if (suffix.isPresent()) {
            count = Math.min(suffix.get(), size);
            start = size - count;
            if (suffix.get() == 0) {
                throw unsatisfiable(size);
            }
        } else {
            start = offset.orElse(0L);
            if (start > size || (start == size && length.orElse(1L) > 0)) {
                throw unsatisfiable(size);
            }
            count = Math.min(length.orElse(size - start), size - start);
        }
        return of(start, count);
    }

    private R2Exception unsatisfiable(long size) {
        return new R2Exception(R2Error.InvalidRange, "The requested range " + describe(offset, length, suffix)
                + " is not satisfiable for an object of " + size + " bytes");
    }

    private static String describe(Optional<Long> offset, Optional<Long> length, Optional<Long> suffix) {
        return suffix.map(s -> "{suffix: " + s + "}")
                .orElseGet(() -> "{offset: " + offset.map(String::valueOf).orElse("-") + ", length: " + length.map(String::valueOf).orElse("-") + "}");
    }
}

package dev.kiln.api;

import java.util.Optional;

/**
 * Options of {@link R2Bucket#get(String, R2GetOptions)} (bindings.md §4).
 *
 * @param onlyIf return the content only if this holds; otherwise the object's metadata alone
 * @param range read only these bytes
 */
public record R2GetOptions(Optional<R2Conditional> onlyIf, Optional<R2Range> range) {

    /** The whole object, unconditionally. */
    public static final R2GetOptions NONE = new R2GetOptions(Optional.empty(), Optional.empty());

    /** @return options reading this range */
    public static R2GetOptions range(R2Range range) {
        return new R2GetOptions(Optional.empty(), Optional.of(range));
    }

    /** @return options reading only if the conditional holds */
    public static R2GetOptions onlyIf(R2Conditional onlyIf) {
        return new R2GetOptions(Optional.of(onlyIf), Optional.empty());
    }

    /** @return options from request headers: {@code Range} and the conditional headers */
    public static R2GetOptions fromHeaders(Headers headers) {
        R2Conditional conditional = R2Conditional.fromHeaders(headers);
        return new R2GetOptions(conditional.isEmpty() ? Optional.empty() : Optional.of(conditional),
                headers.get("range").map(R2Range::fromHeader));
    }

    public R2GetOptions withRange(R2Range value) {
        return new R2GetOptions(onlyIf, Optional.of(value));
    }

    public R2GetOptions withOnlyIf(R2Conditional value) {
        return new R2GetOptions(Optional.of(value), range);
    }
}

package dev.kiln.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A precondition on an object ({@code onlyIf}, bindings.md §4), checked against the object as stored when
 * the operation runs. Etag lists hold unquoted etags or {@code *}; a weak {@code W/} prefix is ignored.
 *
 * @param etagMatches the operation runs only if the object's etag is one of these ({@code If-Match})
 * @param etagDoesNotMatch the operation runs only if the etag is none of these ({@code If-None-Match})
 * @param uploadedBefore the operation runs only if the object was uploaded before this ({@code If-Unmodified-Since})
 * @param uploadedAfter the operation runs only if the object was uploaded after this ({@code If-Modified-Since})
 * @param secondsGranularity compare upload times truncated to whole seconds (as HTTP dates are)
 */
public record R2Conditional(List<String> etagMatches, List<String> etagDoesNotMatch, Optional<Instant> uploadedBefore,
                            Optional<Instant> uploadedAfter, boolean secondsGranularity) {

    /** No condition: always holds. */
    public static final R2Conditional NONE = new R2Conditional(List.of(), List.of(), Optional.empty(), Optional.empty(), false);

    /** What a conditional says about an object. */
    public enum Outcome {
        /** Run the operation. */
        HOLDS,
        /** Do not run it: {@code PreconditionFailed} (412). */
        FAILED,
        /** Do not run a read: the client's copy is current ({@code NotModified}, 304); a write treats it as FAILED. */
        NOT_MODIFIED
    }

    public R2Conditional {
        etagMatches = List.copyOf(etagMatches);
        etagDoesNotMatch = List.copyOf(etagDoesNotMatch);
    }

    /** @return a conditional that holds when the object's etag is one of these (or any, for {@code *}) */
    public static R2Conditional etagMatches(String... etags) {
        return new R2Conditional(List.of(etags), List.of(), Optional.empty(), Optional.empty(), false);
    }

    /** @return a conditional that holds when the object's etag is none of these ({@code *}: the object is absent) */
    public static R2Conditional etagDoesNotMatch(String... etags) {
        return new R2Conditional(List.of(), List.of(etags), Optional.empty(), Optional.empty(), false);
    }

    /** @return a conditional that holds when the object was uploaded before the instant */
    public static R2Conditional uploadedBefore(Instant instant) {
        return new R2Conditional(List.of(), List.of(), Optional.of(instant), Optional.empty(), false);
    }

    /** @return a conditional that holds when the object was uploaded after the instant */
    public static R2Conditional uploadedAfter(Instant instant) {
        return new R2Conditional(List.of(), List.of(), Optional.empty(), Optional.of(instant), false);
    }

    /**
     * Reads {@code If-Match}, {@code If-None-Match}, {@code If-Modified-Since} and {@code If-Unmodified-Since}
     * (not {@code If-Range}), as {@code onlyIf: headers} does. Dates compare at seconds granularity; an
     * unparsable date is ignored, as HTTP says.
     */
    public static R2Conditional fromHeaders(Headers headers) {
        List<String> match = headers.get("if-match").map(R2Conditional::etagList).orElse(List.of());
        List<String> noneMatch = headers.get("if-none-match").map(R2Conditional::etagList).orElse(List.of());
        // If-Unmodified-Since D holds when uploaded <= D, i.e. before D + 1 s at seconds granularity.
        Optional<Instant> before = headers.get("if-unmodified-since").flatMap(R2HttpMetadata::parseHttpDate).map(d -> d.plusSeconds(1));
        Optional<Instant> after = headers.get("if-modified-since").flatMap(R2HttpMetadata::parseHttpDate);
        return new R2Conditional(match, noneMatch, before, after, true);
    }

    /** @return whether no condition is set */
    public boolean isEmpty() {
        return etagMatches.isEmpty() && etagDoesNotMatch.isEmpty() && uploadedBefore.isEmpty() && uploadedAfter.isEmpty();
    }

    /**
     * Evaluates the conditional in the order of RFC 9110 §13.2.2: an etag match makes the upload-time
     * precondition moot, and so does an etag non-match for the upload-time freshness check.
     *
     * @param etag the stored object's etag, empty when there is no object
     * @param uploaded the stored object's upload time, empty when there is no object
     */
    public Outcome evaluate(Optional<String> etag, Optional<Instant> uploaded) {
        if (!etagMatches.isEmpty()) {
            if (etag.isEmpty() || !matchesAny(etagMatches, etag.get())) {
                return Outcome.FAILED;
            }
        } else if (uploadedBefore.isPresent() && uploaded.isPresent()
                && !truncate(uploaded.get()).isBefore(truncate(uploadedBefore.get()))) {
            return Outcome.FAILED;
        }
        if (!etagDoesNotMatch.isEmpty()) {
            if (etag.isPresent() && matchesAny(etagDoesNotMatch, etag.get())) {
                return Outcome.NOT_MODIFIED;
            }
        } else if (uploadedAfter.isPresent() && uploaded.isPresent()
                && !truncate(uploaded.get()).isAfter(truncate(uploadedAfter.get()))) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.HOLDS;
    }

    private Instant truncate(Instant instant) {
        return secondsGranularity ? instant.truncatedTo(ChronoUnit.SECONDS) : instant;
    }

    private static boolean matchesAny(List<String> etags, String etag) {
        return etags.stream().map(R2Conditional::bare).anyMatch(e -> e.equals("*") || e.equals(etag));
    }

    /** @return the etag without a weak prefix or quotes */
    private static String bare(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }

    private static List<String> etagList(String header) {
        return Arrays.stream(header.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(R2Conditional::bare).toList();
    }
}

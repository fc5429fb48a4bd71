package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.R2Conditional.Outcome;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Evaluation order of conditionals (RFC 9110 §13.2.2, as bindings.md §4 onlyIf uses it). Pure logic. */
class R2ConditionalTest {

    private static final Optional<String> ETAG = Optional.of("abc");
    private static final Optional<Instant> UPLOADED = Optional.of(Instant.parse("2026-01-01T00:00:00.500Z"));
    private static final Optional<String> NO_ETAG = Optional.empty();
    private static final Optional<Instant> NO_TIME = Optional.empty();

    @Test
    void aMatchingEtagMakesTheUnmodifiedSinceCheckMoot() {
        R2Conditional c = new R2Conditional(java.util.List.of("abc"), java.util.List.of(), Optional.of(Instant.EPOCH), Optional.empty(), false);
        assertThat(c.evaluate(ETAG, UPLOADED)).isEqualTo(Outcome.HOLDS);
    }

    @Test
    void aNoneMatchMakesTheModifiedSinceCheckMoot() {
        R2Conditional c = new R2Conditional(java.util.List.of(), java.util.List.of("other"), Optional.empty(), Optional.of(Instant.MAX), false);
        assertThat(c.evaluate(ETAG, UPLOADED)).isEqualTo(Outcome.HOLDS);
    }

    @Test
    void ifMatchFailsOnAMissingObjectAndIfNoneMatchStarHoldsOnIt() {
        assertThat(R2Conditional.etagMatches("*").evaluate(NO_ETAG, NO_TIME)).isEqualTo(Outcome.FAILED);
        assertThat(R2Conditional.etagDoesNotMatch("*").evaluate(NO_ETAG, NO_TIME)).isEqualTo(Outcome.HOLDS);
        assertThat(R2Conditional.etagDoesNotMatch("*").evaluate(ETAG, UPLOADED)).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void weakAndQuotedEtagsCompareByValue() {
        assertThat(R2Conditional.etagMatches("W/\"abc\"").evaluate(ETAG, UPLOADED)).isEqualTo(Outcome.HOLDS);
        assertThat(R2Conditional.fromHeaders(Headers.of("If-Match", "\"x\", \"abc\"")).evaluate(ETAG, UPLOADED)).isEqualTo(Outcome.HOLDS);
    }

    @Test
    void httpDatesCompareAtSecondsGranularity() {
        Headers sameSecond = Headers.of("If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT");
        assertThat(R2Conditional.fromHeaders(sameSecond).evaluate(ETAG, UPLOADED)).isEqualTo(Outcome.NOT_MODIFIED);
        Headers unmodified = Headers.of("If-Unmodified-Since", "Thu, 01 Jan 2026 00:00:00 GMT");
        assertThat(R2Conditional.fromHeaders(unmodified).evaluate(ETAG, UPLOADED)).isEqualTo(Outcome.HOLDS);
        assertThat(R2Conditional.fromHeaders(Headers.of("If-Modified-Since", "not a date")).isEmpty()).isTrue();
    }
}

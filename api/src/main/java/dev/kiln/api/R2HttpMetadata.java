package dev.kiln.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The HTTP metadata stored with an object ({@code R2HTTPMetadata}, bindings.md §4): what a server sends as
 * the object's {@code Content-Type}, {@code Content-Language}, {@code Content-Disposition},
 * {@code Content-Encoding}, {@code Cache-Control} and {@code Expires}.
 */
public record R2HttpMetadata(Optional<String> contentType, Optional<String> contentLanguage,
                             Optional<String> contentDisposition, Optional<String> contentEncoding,
                             Optional<String> cacheControl, Optional<Instant> cacheExpiry) {

    /** RFC 9110 §5.6.7 IMF-fixdate: two-digit day, GMT. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    /** No HTTP metadata. */
    public static final R2HttpMetadata NONE = new R2HttpMetadata(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /** @return metadata with only a content type */
    public static R2HttpMetadata contentType(String type) {
        return NONE.withContentType(type);
    }

    /**
     * Reads the six fields from headers, as {@code put(key, value, {httpMetadata: headers})} does. An
     * {@code Expires} that is not an HTTP date is ignored.
     */
    public static R2HttpMetadata fromHeaders(Headers headers) {
        return new R2HttpMetadata(headers.get("content-type"), headers.get("content-language"),
                headers.get("content-disposition"), headers.get("content-encoding"), headers.get("cache-control"),
                headers.get("expires").flatMap(R2HttpMetadata::parseHttpDate));
    }

    /** Adds the fields that are set to {@code headers} ({@code writeHttpMetadata}). */
    public void writeTo(Headers.Builder headers) {
        contentType.ifPresent(v -> headers.set("content-type", v));
        contentLanguage.ifPresent(v -> headers.set("content-language", v));
        contentDisposition.ifPresent(v -> headers.set("content-disposition", v));
        contentEncoding.ifPresent(v -> headers.set("content-encoding", v));
        cacheControl.ifPresent(v -> headers.set("cache-control", v));
        cacheExpiry.ifPresent(v -> headers.set("expires", HTTP_DATE.format(v.atOffset(ZoneOffset.UTC))));
    }

    public R2HttpMetadata withContentType(String value) {
        return new R2HttpMetadata(Optional.of(value), contentLanguage, contentDisposition, contentEncoding, cacheControl, cacheExpiry);
    }

    public R2HttpMetadata withContentLanguage(String value) {
        return new R2HttpMetadata(contentType, Optional.of(value), contentDisposition, contentEncoding, cacheControl, cacheExpiry);
    }

    public R2HttpMetadata withContentDisposition(String value) {
        return new R2HttpMetadata(contentType, contentLanguage, Optional.of(value), contentEncoding, cacheControl, cacheExpiry);
    }

    public R2HttpMetadata withContentEncoding(String value) {
        return new R2HttpMetadata(contentType, contentLanguage, contentDisposition, Optional.of(value), cacheControl, cacheExpiry);
    }

    public R2HttpMetadata withCacheControl(String value) {
        return new R2HttpMetadata(contentType, contentLanguage, contentDisposition, contentEncoding, Optional.of(value), cacheExpiry);
    }

    public R2HttpMetadata withCacheExpiry(Instant value) {
        return new R2HttpMetadata(contentType, contentLanguage, contentDisposition, contentEncoding, cacheControl, Optional.of(value));
    }

    /** @return the instant of an RFC 1123 HTTP date, if it is one */
    static Optional<Instant> parseHttpDate(String value) {
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package dev.kiln.s3;

import dev.kiln.api.Headers;
import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2Conditional;
import dev.kiln.api.R2HttpMetadata;
import dev.kiln.api.R2Object;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Object attributes to and from S3 headers: system metadata, {@code x-amz-meta-*}, storage class, digests, dates. */
final class ObjectHeaders {

    private static final String META = "x-amz-meta-";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private ObjectHeaders() {
    }

    /** @return the request's headers as the R2 API reads them (conditionals, ranges) */
    static Headers apiHeaders(S3Request request, String... names) {
        Headers.Builder headers = Headers.builder();
        for (String name : names) {
            request.header(name).ifPresent(v -> headers.add(name, v));
        }
        return headers.build();
    }

    /** {@code Content-Type} and the other stored HTTP headers of a PUT, POST ?uploads or REPLACE copy. */
    static R2HttpMetadata httpMetadata(S3Request request) {
        R2HttpMetadata m = R2HttpMetadata.NONE;
        m = request.header("content-type").map(m::withContentType).orElse(m);
        m = request.header("content-language").map(m::withContentLanguage).orElse(m);
        m = request.header("content-disposition").map(m::withContentDisposition).orElse(m);
        Optional<String> encoding = request.header("content-encoding").map(ObjectHeaders::withoutAwsChunked).filter(e -> !e.isEmpty());
        m = encoding.map(m::withContentEncoding).orElse(m);
        m = request.header("cache-control").map(m::withCacheControl).orElse(m);
        Optional<String> expires = request.header("expires");
        if (expires.isPresent()) {
            m = m.withCacheExpiry(httpDate(expires.get()).orElseThrow(() -> new S3Exception(S3Error.INVALID_ARGUMENT,
                    "Expires is not an HTTP date: '" + expires.get() + "'")));
        }
        return m;
    }

    /** aws-chunked is the transfer framing of a streaming upload, not a property of the object. */
    private static String withoutAwsChunked(String contentEncoding) {
        return String.join(",", java.util.Arrays.stream(contentEncoding.split(",")).map(String::trim)
                .filter(e -> !e.equalsIgnoreCase("aws-chunked") && !e.isEmpty()).toList());
    }

    /** The {@code x-amz-meta-*} headers, by name without the prefix. */
    static Map<String, String> customMetadata(S3Request request) {
        Map<String, String> custom = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (name.startsWith(META) && name.length() > META.length()) {
                custom.put(name.substring(META.length()), String.join(",", values));
            }
        });
        return custom;
    }

    /** {@code x-amz-storage-class} as R2 names it. */
    static Optional<String> storageClass(S3Request request) {
        return request.header("x-amz-storage-class").map(value -> switch (value) {
            case "STANDARD" -> "Standard";
            case "STANDARD_IA" -> "InfrequentAccess";
            default -> throw new S3Exception(S3Error.INVALID_ARGUMENT, "x-amz-storage-class must be STANDARD or STANDARD_IA, got '"
                    + value + "'");
        });
    }

    static String s3StorageClass(String r2StorageClass) {
        return r2StorageClass.equals("InfrequentAccess") ? "STANDARD_IA" : "STANDARD";
    }

    /**
     * {@code Content-MD5}: the digest the content must have, checked (and stored) by R2. The
     * {@code x-amz-checksum-*} headers are checked on the body itself ({@link ChecksumCheck}).
     */
    static R2Checksums checksums(S3Request request) {
        R2Checksums sums = R2Checksums.NONE;
        Optional<String> md5 = request.header("content-md5");
        if (md5.isPresent()) {
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(md5.get().trim());
            } catch (IllegalArgumentException e) {
                digest = new byte[0];
            }
            if (digest.length != 16) {
                throw new S3Exception(S3Error.INVALID_DIGEST, "The Content-MD5 you specified is not valid: '" + md5.get() + "'");
            }
            sums = sums.with(R2Checksums.Algorithm.MD5, md5.get().trim());
        }
        return sums;
    }

    /** The conditional headers of a GET, HEAD or conditional PUT ({@code If-Match}, {@code If-None-Match}, dates). */
    static Optional<R2Conditional> conditional(S3Request request) {
        R2Conditional c = R2Conditional.fromHeaders(apiHeaders(request, "if-match", "if-none-match", "if-modified-since",
                "if-unmodified-since"));
        return c.isEmpty() ? Optional.empty() : Optional.of(c);
    }

    /** The {@code x-amz-copy-source-if-*} headers of a copy, as a conditional on the source. */
    static Optional<R2Conditional> copySourceConditional(S3Request request) {
        Headers.Builder h = Headers.builder();
        for (String name : List.of("if-match", "if-none-match", "if-modified-since", "if-unmodified-since")) {
            request.header("x-amz-copy-source-" + name).ifPresent(v -> h.add(name, v));
        }
        R2Conditional c = R2Conditional.fromHeaders(h.build());
        return c.isEmpty() ? Optional.empty() : Optional.of(c);
    }

    /** Writes the headers GET and HEAD answer with. */
    static void write(ServerResponse res, R2Object object, S3Request request) {
        res.header("ETag", object.httpEtag());
        res.header("Last-Modified", httpDate(object.uploaded()));
        res.header("Accept-Ranges", "bytes");
        R2HttpMetadata m = object.httpMetadata();
        res.header("Content-Type", request.query("response-content-type").or(m::contentType).orElse("application/octet-stream"));
        override(request, "response-content-language", m.contentLanguage()).ifPresent(v -> res.header("Content-Language", v));
        override(request, "response-content-disposition", m.contentDisposition()).ifPresent(v -> res.header("Content-Disposition", v));
        override(request, "response-content-encoding", m.contentEncoding()).ifPresent(v -> res.header("Content-Encoding", v));
        override(request, "response-cache-control", m.cacheControl()).ifPresent(v -> res.header("Cache-Control", v));
        override(request, "response-expires", m.cacheExpiry().map(ObjectHeaders::httpDate)).ifPresent(v -> res.header("Expires", v));
        object.customMetadata().forEach((name, value) -> res.header(META + name, value));
        if (!object.storageClass().equals("Standard")) {
            res.header("x-amz-storage-class", s3StorageClass(object.storageClass()));
        }
    }

    private static Optional<String> override(S3Request request, String parameter, Optional<String> stored) {
        return request.query(parameter).or(() -> stored);
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

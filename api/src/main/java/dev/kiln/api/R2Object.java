package dev.kiln.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An object's metadata ({@code R2Object}, bindings.md §4), as {@code head}, {@code put} and {@code list}
 * return it. Immutable.
 */
public interface R2Object {

    /** @return the key */
    String key();

    /** @return an id unique to this upload of the key */
    String version();

    /** @return the size in bytes */
    long size();

    /** @return the etag, unquoted: the MD5 hex of the content, or {@code <md5-of-part-md5s>-<parts>} after a multipart upload */
    String etag();

    /** @return the etag quoted, as an {@code ETag} header carries it */
    default String httpEtag() {
        return "\"" + etag() + "\"";
    }

    /** @return when the object was uploaded */
    Instant uploaded();

    /** @return the stored HTTP metadata (empty fields when a listing did not include it) */
    R2HttpMetadata httpMetadata();

    /** @return the custom metadata (empty when a listing did not include it) */
    Map<String, String> customMetadata();

    /** @return the range this read returned, when a range was asked for */
    Optional<R2Range> range();

    /** @return the checksums: MD5 for objects not uploaded in parts, and any other given at upload */
    R2Checksums checksums();

    /** @return {@code Standard} or {@code InfrequentAccess} */
    String storageClass();

    /** Writes the object's HTTP metadata as headers ({@code writeHttpMetadata}). */
    default void writeHttpMetadata(Headers.Builder headers) {
        httpMetadata().writeTo(headers);
    }
}

package dev.kiln.api;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * An R2 bucket ({@code [[r2_buckets]]}), read with {@link Env#r2(String)} (bindings.md §4). Keys are 1-1,024
 * UTF-8 bytes. Writes are strongly consistent: once a call returns, every reader sees it, and it survives a
 * crash. Content streams to and from storage, so objects of several GiB never sit in memory. Violations throw
 * {@link R2Exception} with the {@link R2Error} R2 gives. Thread-safe.
 */
public interface R2Bucket {

    /** @return the object's metadata, if it exists */
    Optional<R2Object> head(String key);

    /** @return the object with its content, if it exists */
    Optional<R2ObjectBody> get(String key);

    /**
     * Reads an object with a range and/or a conditional.
     *
     * @return empty if there is no object; an {@link R2ObjectBody} when the conditional holds; the object's
     *     metadata alone (an {@link R2Object} that is not an {@link R2ObjectBody}) when it does not
     * @throws R2Exception InvalidRange if the range is outside the object
     */
    Optional<R2Object> get(String key, R2GetOptions options);

    /**
     * Stores an object, streaming the value to storage.
     *
     * @return the stored object; empty when {@code onlyIf} did not hold (nothing is stored then)
     * @throws R2Exception BadDigest, EntityTooLarge, MetadataTooLarge, InvalidObjectName, InvalidArgument,
     *     IncompleteBody when the value's stream fails or ends before its declared length
     */
    Optional<R2Object> put(String key, Body value, R2PutOptions options);

    /** Stores the value unconditionally and returns the stored object. */
    default R2Object put(String key, Body value) {
        return put(key, value, R2PutOptions.NONE).orElseThrow();
    }

    /** Stores UTF-8 text. */
    default R2Object put(String key, String value) {
        return put(key, Body.of(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Stores bytes. */
    default R2Object put(String key, byte[] value) {
        return put(key, Body.of(value));
    }

    /** Stores everything the stream yields (and closes it). */
    default R2Object put(String key, InputStream value) {
        return put(key, Body.of(value));
    }

    /** Deletes the object; deleting a missing key succeeds. */
    void delete(String key);

    /**
     * Deletes up to 1,000 objects in one call.
     *
     * @throws R2Exception InvalidArgument for more than 1,000 keys
     */
    void delete(List<String> keys);

    /** @return the first page (up to 1,000) of objects */
    R2Objects list();

    /**
     * @return one page of objects
     * @throws R2Exception InvalidMaxKeys for a limit outside 1-1,000; InvalidArgument for a bad cursor
     */
    R2Objects list(R2ListOptions options);

    /** Starts a multipart upload of an object without metadata. */
    default R2MultipartUpload createMultipartUpload(String key) {
        return createMultipartUpload(key, R2MultipartOptions.NONE);
    }

    /** Starts a multipart upload of an object that will carry the given metadata. */
    R2MultipartUpload createMultipartUpload(String key, R2MultipartOptions options);

    /** @return a handle on an existing upload; an unknown id fails on the handle's first call (NoSuchUpload) */
    R2MultipartUpload resumeMultipartUpload(String key, String uploadId);
}

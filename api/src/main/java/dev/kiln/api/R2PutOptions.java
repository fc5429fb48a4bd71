package dev.kiln.api;

import java.util.Map;
import java.util.Optional;

/**
 * Options of {@link R2Bucket#put(String, Body, R2PutOptions)} (bindings.md §4).
 *
 * @param onlyIf store only if this holds against the object stored now
 * @param httpMetadata HTTP metadata to store
 * @param customMetadata custom metadata to store (names and values together at most 8,192 bytes)
 * @param checksums digests the content must have (at most one, as R2 takes; a mismatch is {@code BadDigest})
 * @param storageClass {@code Standard} (default) or {@code InfrequentAccess}
 */
public record R2PutOptions(Optional<R2Conditional> onlyIf, R2HttpMetadata httpMetadata, Map<String, String> customMetadata,
                           R2Checksums checksums, Optional<String> storageClass) {

    /** No options. */
    public static final R2PutOptions NONE = new R2PutOptions(Optional.empty(), R2HttpMetadata.NONE, Map.of(), R2Checksums.NONE, Optional.empty());

    public R2PutOptions {
        customMetadata = Map.copyOf(customMetadata);
    }

    public R2PutOptions withOnlyIf(R2Conditional value) {
        return new R2PutOptions(Optional.of(value), httpMetadata, customMetadata, checksums, storageClass);
    }

    public R2PutOptions withHttpMetadata(R2HttpMetadata value) {
        return new R2PutOptions(onlyIf, value, customMetadata, checksums, storageClass);
    }

    public R2PutOptions withCustomMetadata(Map<String, String> value) {
        return new R2PutOptions(onlyIf, httpMetadata, value, checksums, storageClass);
    }

    public R2PutOptions withChecksums(R2Checksums value) {
        return new R2PutOptions(onlyIf, httpMetadata, customMetadata, value, storageClass);
    }

    public R2PutOptions withStorageClass(String value) {
        return new R2PutOptions(onlyIf, httpMetadata, customMetadata, checksums, Optional.of(value));
    }
}

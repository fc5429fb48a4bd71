package dev.kiln.api;

import java.util.Map;
import java.util.Optional;

/**
 * Options of {@link R2Bucket#createMultipartUpload(String, R2MultipartOptions)}: the metadata the completed
 * object will carry.
 *
 * @param httpMetadata HTTP metadata of the object
 * @param customMetadata custom metadata of the object
 * @param storageClass {@code Standard} (default) or {@code InfrequentAccess}
 */
public record R2MultipartOptions(R2HttpMetadata httpMetadata, Map<String, String> customMetadata, Optional<String> storageClass) {

    /** No options. */
    public static final R2MultipartOptions NONE = new R2MultipartOptions(R2HttpMetadata.NONE, Map.of(), Optional.empty());

    public R2MultipartOptions {
        customMetadata = Map.copyOf(customMetadata);
    }
}

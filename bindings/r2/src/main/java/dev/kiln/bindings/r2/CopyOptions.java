package dev.kiln.bindings.r2;

import dev.kiln.api.R2Conditional;
import dev.kiln.api.R2HttpMetadata;
import java.util.Map;
import java.util.Optional;

/**
 * How {@link R2BucketHandle#copy} copies (S3 CopyObject).
 *
 * @param sourceOnlyIf copy only if this holds for the source ({@code x-amz-copy-source-if-*}); else PreconditionFailed
 * @param onlyIf copy only if this holds for the destination as stored now; else PreconditionFailed
 * @param replaceMetadata {@code true}: the destination gets the metadata below ({@code REPLACE});
 *     {@code false}: the source's ({@code COPY}, the default)
 * @param httpMetadata HTTP metadata with {@code replaceMetadata}
 * @param customMetadata custom metadata with {@code replaceMetadata}
 * @param storageClass the destination's storage class (default: the source's)
 */
public record CopyOptions(Optional<R2Conditional> sourceOnlyIf, Optional<R2Conditional> onlyIf, boolean replaceMetadata,
                          R2HttpMetadata httpMetadata, Map<String, String> customMetadata, Optional<String> storageClass) {

    /** Copy content and metadata, unconditionally. */
    public static final CopyOptions COPY = new CopyOptions(Optional.empty(), Optional.empty(), false, R2HttpMetadata.NONE,
            Map.of(), Optional.empty());

    public CopyOptions {
        customMetadata = Map.copyOf(customMetadata);
    }

    /** @return options copying the content with this metadata instead of the source's */
    public static CopyOptions replacing(R2HttpMetadata httpMetadata, Map<String, String> customMetadata) {
        return new CopyOptions(Optional.empty(), Optional.empty(), true, httpMetadata, customMetadata, Optional.empty());
    }

    public CopyOptions withSourceOnlyIf(R2Conditional value) {
        return new CopyOptions(Optional.of(value), onlyIf, replaceMetadata, httpMetadata, customMetadata, storageClass);
    }

    public CopyOptions withOnlyIf(R2Conditional value) {
        return new CopyOptions(sourceOnlyIf, Optional.of(value), replaceMetadata, httpMetadata, customMetadata, storageClass);
    }

    public CopyOptions withStorageClass(String value) {
        return new CopyOptions(sourceOnlyIf, onlyIf, replaceMetadata, httpMetadata, customMetadata, Optional.of(value));
    }
}

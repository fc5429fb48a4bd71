package dev.kiln.bindings.r2;

import dev.kiln.api.Body;
import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2MultipartUpload;
import dev.kiln.api.R2Object;
import dev.kiln.api.R2UploadedPart;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/** An {@link R2MultipartUpload} that forwards to its bucket; it checks nothing itself (resume is unchecked). */
final class MultipartHandle implements R2MultipartUpload {

    private final R2BucketHandle bucket;
    private final String key;
    private final String uploadId;

    MultipartHandle(R2BucketHandle bucket, String key, String uploadId) {
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String uploadId() {
        return uploadId;
    }

    @Override
    public R2UploadedPart uploadPart(int partNumber, Body value) {
        Objects.requireNonNull(value);
        InputStream in = value.stream();
        try {
            return bucket.uploadPart(key, uploadId, partNumber, in, value.length().orElse(-1), R2Checksums.NONE);
        } finally {
            R2BucketHandle.closeQuietly(in);
        }
    }

    @Override
    public void abort() {
        bucket.abortUpload(key, uploadId);
    }

    @Override
    public R2Object complete(List<R2UploadedPart> parts) {
        return bucket.completeUpload(key, uploadId, parts);
    }

    @Override
    public String toString() {
        return "R2MultipartUpload{key=" + key + ", uploadId=" + uploadId + "}";
    }
}

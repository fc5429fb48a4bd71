package dev.kiln.bindings.r2;

import dev.kiln.spi.StorageCalls;
import dev.kiln.api.Body;
import dev.kiln.api.R2Bucket;
import dev.kiln.api.R2GetOptions;
import dev.kiln.api.R2ListOptions;
import dev.kiln.api.R2MultipartOptions;
import dev.kiln.api.R2MultipartUpload;
import dev.kiln.api.R2Object;
import dev.kiln.api.R2ObjectBody;
import dev.kiln.api.R2Objects;
import dev.kiln.api.R2PutOptions;
import dev.kiln.api.R2UploadedPart;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The R2 binding a worker sees: the bucket's semantics come from {@link R2BucketHandle} (bindings.md §4);
 * this adds what belongs to an invocation: each call counts as a storage operation and does not run the CPU
 * clock while it waits on storage. The bucket is resolved when used, so a bad bucket name fails the call
 * that uses it, with R2's InvalidBucketName, rather than the whole deployment.
 */
public final class R2Binding implements R2Bucket {

    private final Supplier<R2BucketHandle> bucket;

    public R2Binding(Supplier<R2BucketHandle> bucket) {
        this.bucket = bucket;
    }

    /** @return the bucket (resolved per call: cheap, and it follows a bucket recreated by another process) */
    private R2BucketHandle bucket() {
        return bucket.get();
    }

    @Override
    public Optional<R2Object> head(String key) {
        return StorageCalls.call(() -> bucket().head(key));
    }

    @Override
    public Optional<R2ObjectBody> get(String key) {
        return StorageCalls.call(() -> bucket().get(key));
    }

    @Override
    public Optional<R2Object> get(String key, R2GetOptions options) {
        return StorageCalls.call(() -> bucket().get(key, options));
    }

    @Override
    public Optional<R2Object> put(String key, Body value, R2PutOptions options) {
        return StorageCalls.call(() -> bucket().put(key, value, options));
    }

    @Override
    public void delete(String key) {
        StorageCalls.run(() -> bucket().delete(key));
    }

    @Override
    public void delete(List<String> keys) {
        StorageCalls.run(() -> bucket().delete(keys));
    }

    @Override
    public R2Objects list() {
        return StorageCalls.call(() -> bucket().list());
    }

    @Override
    public R2Objects list(R2ListOptions options) {
        return StorageCalls.call(() -> bucket().list(options));
    }

    @Override
    public R2MultipartUpload createMultipartUpload(String key, R2MultipartOptions options) {
        return new CountedUpload(key, StorageCalls.call(() -> bucket().createMultipartUpload(key, options)).uploadId());
    }

    @Override
    public R2MultipartUpload resumeMultipartUpload(String key, String uploadId) {
        return new CountedUpload(key, bucket().resumeMultipartUpload(key, uploadId).uploadId());
    }

    /**
     * A multipart upload whose calls count as storage operations too. Like the bucket, it is resolved per call:
     * a handle kept from before the bucket was deleted (over S3, by {@code kiln r2}) would use closed storage.
     */
    private final class CountedUpload implements R2MultipartUpload {
        private final String key;
        private final String uploadId;

        CountedUpload(String key, String uploadId) {
            this.key = key;
            this.uploadId = uploadId;
        }

        private R2MultipartUpload upload() {
            return bucket().resumeMultipartUpload(key, uploadId);
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
            return StorageCalls.call(() -> upload().uploadPart(partNumber, value));
        }

        @Override
        public void abort() {
            StorageCalls.run(() -> upload().abort());
        }

        @Override
        public R2Object complete(List<R2UploadedPart> parts) {
            return StorageCalls.call(() -> upload().complete(parts));
        }
    }
}

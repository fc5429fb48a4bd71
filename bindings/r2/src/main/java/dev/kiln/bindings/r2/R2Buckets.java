package dev.kiln.bindings.r2;

import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import dev.kiln.bindings.r2.ObjectStore.BucketInfo;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buckets of one backend, with R2's rules for names and deletion. Hands out one {@link R2BucketHandle}
 * per bucket; the Workers binding, the S3-compatible API and the {@code kiln r2} commands all use this.
 * Thread-safe.
 */
public final class R2Buckets {

    private final BucketStores backend;
    private final Clock clock;
    private final Map<String, R2BucketHandle> handles = new ConcurrentHashMap<>();

    public R2Buckets(BucketStores backend) {
        this(backend, Clock.systemUTC());
    }

    /** @param clock what "now" is for upload times (tests move it by hand) */
    public R2Buckets(BucketStores backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    /**
     * @return the bucket
     * @throws R2Exception NoSuchBucket (or InvalidBucketName)
     */
    public R2BucketHandle bucket(String name) {
        R2Limits.checkBucketName(name);
        return backend.bucket(name).map(store -> handle(name, store))
                .orElseThrow(() -> new R2Exception(R2Error.NoSuchBucket, "The specified bucket does not exist: '" + name + "'"));
    }

    /** @return the bucket, created first if missing (as {@code kiln dev} does for a binding's bucket) */
    public R2BucketHandle bucketCreatingIfMissing(String name) {
        R2Limits.checkBucketName(name);
        Optional<ObjectStore> store = backend.bucket(name);
        if (store.isEmpty()) {
            backend.create(name);
            store = backend.bucket(name);
        }
        return store.map(s -> handle(name, s))
                .orElseThrow(() -> new R2Exception(R2Error.NoSuchBucket, "The bucket '" + name + "' was deleted as it was created"));
    }

    /** @return the handle on this store, made anew when the backend reopened the bucket */
    private R2BucketHandle handle(String name, ObjectStore store) {
        return handles.compute(name, (n, h) -> h != null && h.store() == store ? h : new R2BucketHandle(n, store, clock));
    }

    /**
     * Creates an empty bucket.
     *
     * @throws R2Exception InvalidBucketName; BucketAlreadyExists
     */
    public BucketInfo create(String name) {
        R2Limits.checkBucketName(name);
        if (!backend.create(name)) {
            throw new R2Exception(R2Error.BucketAlreadyExists, "A bucket named '" + name + "' already exists");
        }
        return bucket(name).info();
    }

    /** @return every bucket, by name */
    public List<BucketInfo> list() {
        return backend.list();
    }

    /** @return the bucket's name and creation time, if it exists */
    public Optional<BucketInfo> info(String name) {
        R2Limits.checkBucketName(name);
        return backend.bucket(name).map(s -> s.info());
    }

    /**
     * Deletes an empty bucket.
     *
     * @throws R2Exception NoSuchBucket; BucketNotEmpty if it holds objects or unfinished uploads
     */
    public void delete(String name) {
        R2Limits.checkBucketName(name);
        backend.bucket(name).ifPresent(store -> handle(name, store).abortExpiredUploads());
        if (!backend.delete(name)) {
            throw new R2Exception(R2Error.NoSuchBucket, "The specified bucket does not exist: '" + name + "'");
        }
    }

    /** @return where a bucket's data lives, for people */
    public String location(String name) {
        return backend.location(name);
    }
}

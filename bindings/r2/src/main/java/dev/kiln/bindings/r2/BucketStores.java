package dev.kiln.bindings.r2;

import dev.kiln.bindings.r2.ObjectStore.BucketInfo;
import java.util.List;
import java.util.Optional;

/** A backend's R2 buckets (the store SPI of this kind; names are checked by the caller). Thread-safe. */
public interface BucketStores {

    /** @return the object store of a bucket, if the bucket exists */
    Optional<ObjectStore> bucket(String name);

    /** Creates an empty bucket; returns false if it already existed. */
    boolean create(String name);

    /** @return the buckets that exist, by name */
    List<BucketInfo> list();

    /**
     * Deletes an empty bucket.
     *
     * @return false if it did not exist
     * @throws dev.kiln.api.R2Exception BucketNotEmpty if it holds objects or unfinished uploads
     */
    boolean delete(String name);

    /** @return where a bucket's data lives, for people (a directory, an S3 prefix, ...) */
    String location(String name);
}

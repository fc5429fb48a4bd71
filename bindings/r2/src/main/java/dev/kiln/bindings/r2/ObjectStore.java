package dev.kiln.bindings.r2;

import dev.kiln.spi.StorageException;
import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2HttpMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One bucket's object storage: content staged to durable storage first, then published under a key in one
 * atomic step. Keys compare by their UTF-8 bytes. A backend only stores and retrieves; R2 semantics (limits,
 * checksums, conditionals, part rules) live in the facade ({@code R2BucketHandle}), once for every backend.
 *
 * <p>Content is streamed, never held in memory whole. Every write is durable when the call returns. A reader
 * that has {@linkplain #open opened} an object keeps reading that version even if it is replaced or deleted.
 */
public interface ObjectStore extends AutoCloseable {

    /** @return the bucket's name and creation time */
    BucketInfo info();

    /**
     * Copies the stream to durable staging storage (the caller counts and hashes it on the way). Until it is
     * published or closed, staged content is invisible; if the process dies, it is removed at the next open.
     *
     * @throws IOException if the source or the storage fails (nothing is left behind then)
     */
    Staged stage(InputStream content) throws IOException;

    /** @return the object's metadata, if it exists */
    Optional<ObjectInfo> head(String key);

    /** @return the object's metadata and open content, one consistent version, if it exists */
    Optional<ObjectContent> open(String key);

    /**
     * Publishes staged content as the key's object, replacing any previous one, if {@code guard} accepts the
     * object stored now (checked atomically with the publish). The staged content is consumed either way.
     *
     * @return the published object, or empty if the guard refused
     */
    Optional<ObjectInfo> publish(String key, Staged content, NewObject object, Predicate<Optional<ObjectInfo>> guard);

    /** Deletes the keys that exist; missing keys are ignored. */
    void delete(Collection<String> keys);

    /** @return one page of a listing (see {@link ListQuery}) */
    ObjectListing list(ListQuery query);

    /** @return whether the bucket holds no object and no unfinished upload */
    boolean isEmpty();

    /** Starts a multipart upload; the id comes from the backend. */
    UploadInfo createUpload(String key, NewObject object);

    /** @return the upload, if it exists (neither completed nor aborted) */
    Optional<UploadInfo> upload(String uploadId);

    /**
     * Publishes staged content as a part of an upload, replacing a part of that number.
     *
     * @return the stored part, or empty if the upload does not exist (the staged content is dropped then)
     */
    Optional<PartInfo> putPart(String uploadId, int partNumber, Staged content, String etag);

    /** @return the upload's parts in ascending part number (empty if the upload does not exist) */
    List<PartInfo> parts(String uploadId);

    /**
     * @param prefix only uploads of keys starting with this
     * @param keyMarker only uploads of keys after this one, or of this key with an id after {@code uploadIdMarker}
     * @param limit at most this many
     * @return unfinished uploads ordered by key, then upload id
     */
    List<UploadInfo> uploads(String prefix, Optional<String> keyMarker, Optional<String> uploadIdMarker, int limit);

    /**
     * Joins the given parts, in this order, into the upload's object, publishing it under the upload's key
     * and ending the upload. Each part must still be stored with the given etag (checked atomically).
     *
     * @return the published object, or empty if the upload does not exist
     * @throws PartMismatchException if a part is missing or its etag differs
     */
    Optional<ObjectInfo> completeUpload(String uploadId, List<PartRef> parts, NewObject object);

    /** Ends the upload and drops its parts; returns false if it did not exist. */
    boolean abortUpload(String uploadId);

    /**
     * @return a completed upload, if this is one and it is still remembered (for at least a day after its
     *     completion: S3 answers a repeated completion with its result)
     */
    Optional<CompletedUpload> completedUpload(String uploadId);

    /** @return a bucket setting (a configuration document, such as its CORS rules), if it is set */
    Optional<String> setting(String name);

    /** Sets a bucket setting, or removes it when the value is empty; durable when it returns. */
    void putSetting(String name, Optional<String> value);

    @Override
    void close();

    /** Staged content, not yet visible. Closing it without publishing discards it. */
    interface Staged extends AutoCloseable {
        /** @return the number of bytes staged */
        long size();

        @Override
        void close();
    }

    /** An object's metadata with its content held open; close it when done reading. */
    interface ObjectContent extends AutoCloseable {
        /** @return the object's metadata */
        ObjectInfo info();

        /**
         * @return a stream of {@code length} bytes from {@code offset}; closing it does not close this content
         * @throws IOException if the content cannot be read
         */
        InputStream read(long offset, long length) throws IOException;

        @Override
        void close();
    }

    /** A bucket and when it was created. */
    record BucketInfo(String name, Instant created) {
    }

    /**
     * The attributes of an object to publish (the size comes from the content).
     *
     * @param version the new version's id
     * @param etag the etag (unquoted)
     * @param uploaded the upload time
     * @param checksums the checksums to store
     */
    record NewObject(String version, String etag, Instant uploaded, R2HttpMetadata httpMetadata,
                     Map<String, String> customMetadata, R2Checksums checksums, String storageClass) {
        public NewObject {
            customMetadata = Map.copyOf(customMetadata);
        }
    }

    /** A stored object's metadata. */
    record ObjectInfo(String key, String version, long size, String etag, Instant uploaded, R2HttpMetadata httpMetadata,
                      Map<String, String> customMetadata, R2Checksums checksums, String storageClass) {
        public ObjectInfo {
            customMetadata = Map.copyOf(customMetadata);
        }
    }

    /**
     * A listing query. With a delimiter, keys holding it after the prefix roll up into one prefix entry (up to
     * and including the delimiter). Entries (objects and prefixes) are returned in key order; an entry is
     * returned only if its name is after {@code startAfter}, and a prefix equal to {@code startAfter} (the
     * last entry of a previous page) is skipped with all its keys.
     *
     * @param limit at most this many entries, objects and prefixes together
     * @param withMetadata whether to load the HTTP and custom metadata of listed objects
     */
    record ListQuery(String prefix, Optional<String> startAfter, Optional<String> delimiter, int limit, boolean withMetadata) {
    }

    /**
     * @param objects the objects of the page
     * @param prefixes the rolled-up prefixes of the page
     * @param truncated whether more entries follow
     * @param lastEntry the name of the page's last entry (key or prefix): the {@code startAfter} of the next page
     */
    record ObjectListing(List<ObjectInfo> objects, List<String> prefixes, boolean truncated, Optional<String> lastEntry) {
    }

    /** An unfinished multipart upload, with the attributes the object will get. */
    record UploadInfo(String uploadId, String key, Instant created, NewObject object) {
    }

    /** An upload that was completed: the key and etag of the object it became. */
    record CompletedUpload(String uploadId, String key, String etag, Instant completed) {
    }

    /** A stored part of an upload. */
    record PartInfo(int partNumber, long size, String etag, Instant uploaded) {
    }

    /** A part chosen for completion, with the etag the client holds for it. */
    record PartRef(int partNumber, String etag) {
    }

    /** {@link #completeUpload} found a part missing or with another etag. */
    final class PartMismatchException extends StorageException {
        private final int partNumber;

        public PartMismatchException(int partNumber, String message) {
            super(message);
            this.partNumber = partNumber;
        }

        /** @return the part at fault */
        public int partNumber() {
            return partNumber;
        }
    }
}

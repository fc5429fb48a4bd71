package dev.kiln.bindings.r2;

import dev.kiln.api.Body;
import dev.kiln.api.R2Bucket;
import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2Conditional;
import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import dev.kiln.api.R2GetOptions;
import dev.kiln.api.R2HttpMetadata;
import dev.kiln.api.R2ListOptions;
import dev.kiln.api.R2MultipartOptions;
import dev.kiln.api.R2MultipartUpload;
import dev.kiln.api.R2Object;
import dev.kiln.api.R2ObjectBody;
import dev.kiln.api.R2Objects;
import dev.kiln.api.R2PutOptions;
import dev.kiln.api.R2Range;
import dev.kiln.api.R2UploadedPart;
import dev.kiln.bindings.r2.ObjectStore.BucketInfo;
import dev.kiln.bindings.r2.ObjectStore.NewObject;
import dev.kiln.bindings.r2.ObjectStore.ObjectContent;
import dev.kiln.bindings.r2.ObjectStore.ObjectInfo;
import dev.kiln.bindings.r2.ObjectStore.ObjectListing;
import dev.kiln.bindings.r2.ObjectStore.PartInfo;
import dev.kiln.bindings.r2.ObjectStore.PartRef;
import dev.kiln.bindings.r2.ObjectStore.Staged;
import dev.kiln.bindings.r2.ObjectStore.UploadInfo;
import dev.kiln.spi.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One bucket with R2's semantics (bindings.md §4) over any {@link ObjectStore}: the Workers binding and the
 * S3-compatible API both go through here, so limits, checksums, conditionals and multipart rules are
 * implemented once. Besides {@link R2Bucket}, it offers what S3 needs: streamed puts of a declared length,
 * reads and heads that throw typed errors ({@link #getOrThrow}, {@link #headOrThrow}), copy, and the
 * multipart listing calls. Thread-safe.
 */
public final class R2BucketHandle implements R2Bucket {

    /** bindings.md §4: unfinished uploads abort after 7 days. */
    static final java.time.Duration UPLOAD_LIFETIME = java.time.Duration.ofDays(7);

    private final String name;
    private final ObjectStore store;
    private final Clock clock;

    R2BucketHandle(String name, ObjectStore store, Clock clock) {
        this.name = name;
        this.store = store;
        this.clock = clock;
    }

    /** @return the bucket's name */
    public String name() {
        return name;
    }

    ObjectStore store() {
        return store;
    }

    /** @return the bucket's name and creation time */
    public BucketInfo info() {
        return store.info();
    }

    /**
     * Evaluates a conditional against the object stored now (or its absence).
     *
     * @return HOLDS, FAILED (412) or NOT_MODIFIED (304 for reads; writes treat it as FAILED)
     */
    public static R2Conditional.Outcome evaluate(R2Conditional conditional, Optional<? extends R2Object> current) {
        return conditional.evaluate(current.map(R2Object::etag), current.map(R2Object::uploaded));
    }

    private static R2Conditional.Outcome evaluate(R2Conditional conditional, ObjectInfo current) {
        return conditional.evaluate(Optional.of(current.etag()), Optional.of(current.uploaded()));
    }

    // ---- reads ----

    @Override
    public Optional<R2Object> head(String key) {
        R2Limits.checkKey(key);
        return store.head(key).map(StoredR2Object::of);
    }

    /**
     * A head for HTTP: the object's metadata, or a typed error.
     *
     * @throws R2Exception NoSuchKey, PreconditionFailed, NotModified
     */
    public R2Object headOrThrow(String key, Optional<R2Conditional> onlyIf) {
        R2Limits.checkKey(key);
        ObjectInfo info = store.head(key).orElseThrow(() -> noSuchKey(key));
        onlyIf.ifPresent(c -> throwUnlessHolds(evaluate(c, info), key));
        return StoredR2Object.of(info);
    }

    @Override
    public Optional<R2ObjectBody> get(String key) {
        return get(key, R2GetOptions.NONE).map(R2ObjectBody.class::cast);
    }

    @Override
    public Optional<R2Object> get(String key, R2GetOptions options) {
        R2Limits.checkKey(key);
        Optional<ObjectContent> opened = store.open(key);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ObjectContent content = opened.get();
        boolean holds = options.onlyIf().map(c -> evaluate(c, content.info()) == R2Conditional.Outcome.HOLDS).orElse(true);
        if (!holds) {
            content.close();
            return Optional.of(StoredR2Object.of(content.info()));
        }
        return Optional.of(body(content, options.range()));
    }

    /**
     * A get for HTTP: the object with its content, or a typed error.
     *
     * @throws R2Exception NoSuchKey, PreconditionFailed, NotModified, InvalidRange
     */
    public R2ObjectBody getOrThrow(String key, R2GetOptions options) {
        R2Limits.checkKey(key);
        ObjectContent content = store.open(key).orElseThrow(() -> noSuchKey(key));
        try {
            options.onlyIf().ifPresent(c -> throwUnlessHolds(evaluate(c, content.info()), key));
        } catch (R2Exception e) {
            content.close();
            throw e;
        }
        return body(content, options.range());
    }

    private static R2ObjectBody body(ObjectContent content, Optional<R2Range> range) {
        try {
            long size = content.info().size();
            R2Range resolved = range.isPresent() ? range.get().resolve(size) : R2Range.of(0, size);
            return new StreamedR2ObjectBody(content, resolved, range.isPresent());
        } catch (IOException e) {
            content.close();
            throw new StorageException("cannot read " + content.info().key() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            content.close();
            throw e;
        }
    }

    // ---- writes ----

    @Override
    public Optional<R2Object> put(String key, Body value, R2PutOptions options) {
        Objects.requireNonNull(value);
        int given = options.checksums().toMap().size();
        if (given > 1) {
            throw new R2Exception(R2Error.InvalidArgument, "You cannot specify multiple hashing algorithms, got " + given);
        }
        InputStream in = value.stream();
        try {
            return put(key, in, value.length().orElse(-1), options);
        } finally {
            closeQuietly(in);
        }
    }

    /** Closes a consumed value; a failure to close changes nothing about what was stored. */
    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the content was read (or the failure reported) already
        }
    }

    /**
     * Stores an object from a stream (not closed here), verifying every checksum given.
     *
     * @param declaredLength the length the client declared ({@code Content-Length}), or -1; a body ending
     *     sooner or running longer is IncompleteBody
     * @return the stored object, or empty when {@code onlyIf} did not hold
     */
    public Optional<R2Object> put(String key, InputStream content, long declaredLength, R2PutOptions options) {
        R2Limits.checkKey(key);
        R2Limits.checkCustomMetadata(options.customMetadata());
        String storageClass = R2Limits.storageClass(options.storageClass());
        if (declaredLength > R2Limits.MAX_UPLOAD_BYTES) {
            throw tooLarge(declaredLength);
        }
        Predicate<Optional<ObjectInfo>> guard = guard(options.onlyIf());
        // A condition that already fails need not wait for the content; the publish checks it again atomically.
        if (options.onlyIf().isPresent() && !guard.test(store.head(key))) {
            return Optional.empty();
        }
        ContentIntake intake = new ContentIntake(content, options.checksums().toMap().keySet(), R2Limits.MAX_UPLOAD_BYTES, declaredLength);
        try (Staged staged = stage(intake)) {
            R2Checksums sums = intake.checksums();
            ContentIntake.verify(options.checksums(), sums);
            NewObject object = new NewObject(newVersion(), sums.md5().orElseThrow(), clock.instant(), options.httpMetadata(),
                    options.customMetadata(), sums, storageClass);
            return store.publish(key, staged, object, guard).map(StoredR2Object::of);
        }
    }

    /**
     * A put for HTTP: as {@link #put(String, InputStream, long, R2PutOptions)}, but a conditional that does
     * not hold is an error.
     *
     * @throws R2Exception PreconditionFailed when {@code onlyIf} did not hold
     */
    public R2Object putOrThrow(String key, InputStream content, long declaredLength, R2PutOptions options) {
        return put(key, content, declaredLength, options).orElseThrow(() ->
                new R2Exception(R2Error.PreconditionFailed, "put: At least one of the pre-conditions you specified did not hold for '" + key + "'"));
    }

    /**
     * Copies an object, possibly onto itself (to change its metadata), streaming its content.
     *
     * @throws R2Exception NoSuchKey if the source is missing; PreconditionFailed if a conditional fails
     */
    public R2Object copy(R2BucketHandle source, String sourceKey, String key, CopyOptions options) {
        R2Limits.checkKey(sourceKey);
        R2Limits.checkKey(key);
        if (options.replaceMetadata()) {
            R2Limits.checkCustomMetadata(options.customMetadata());
        }
        try (ObjectContent content = source.store.open(sourceKey).orElseThrow(() -> noSuchKey(sourceKey))) {
            ObjectInfo from = content.info();
            options.sourceOnlyIf().ifPresent(c -> {
                if (evaluate(c, from) != R2Conditional.Outcome.HOLDS) {
                    throw preconditionFailed("copy", sourceKey);
                }
            });
            String storageClass = R2Limits.storageClass(options.storageClass().or(() -> Optional.of(from.storageClass())));
            R2HttpMetadata http = options.replaceMetadata() ? options.httpMetadata() : from.httpMetadata();
            Map<String, String> custom = options.replaceMetadata() ? options.customMetadata() : from.customMetadata();
            try (InputStream in = content.read(0, from.size())) {
                ContentIntake intake = new ContentIntake(in, from.checksums().toMap().keySet(), R2Limits.MAX_OBJECT_BYTES, from.size());
                try (Staged staged = stage(intake)) {
                    R2Checksums sums = intake.checksums();
                    NewObject object = new NewObject(newVersion(), sums.md5().orElseThrow(), clock.instant(), http, custom, sums, storageClass);
                    return store.publish(key, staged, object, guard(options.onlyIf())).map(StoredR2Object::of)
                            .orElseThrow(() -> preconditionFailed("copy", key));
                }
            } catch (IOException e) {
                throw new StorageException("cannot read " + sourceKey + " to copy it: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void delete(String key) {
        R2Limits.checkKey(key);
        store.delete(List.of(key));
    }

    @Override
    public void delete(List<String> keys) {
        if (keys.size() > R2Limits.MAX_LIST_LIMIT) {
            throw new R2Exception(R2Error.InvalidArgument, "delete takes at most " + R2Limits.MAX_LIST_LIMIT + " keys, got " + keys.size());
        }
        keys.forEach(R2Limits::checkKey);
        store.delete(keys);
    }

    // ---- listing ----

    @Override
    public R2Objects list() {
        return list(R2ListOptions.ALL);
    }

    @Override
    public R2Objects list(R2ListOptions options) {
        if (options.limit() < 1 || options.limit() > R2Limits.MAX_LIST_LIMIT) {
            throw new R2Exception(R2Error.InvalidMaxKeys, "MaxKeys params must be positive integer <= " + R2Limits.MAX_LIST_LIMIT
                    + ", got " + options.limit());
        }
        Optional<String> after = options.cursor().map(R2BucketHandle::decodeCursor);
        if (options.startAfter().isPresent() && (after.isEmpty() || compareUtf8(options.startAfter().get(), after.get()) > 0)) {
            after = options.startAfter();
        }
        if (options.delimiter().filter(String::isEmpty).isPresent()) {
            throw new R2Exception(R2Error.InvalidArgument, "list delimiter must not be empty");
        }
        boolean withHttp = options.include().contains(R2ListOptions.Include.HTTP_METADATA);
        boolean withCustom = options.include().contains(R2ListOptions.Include.CUSTOM_METADATA);
        ObjectListing page = store.list(new ObjectStore.ListQuery(options.prefix().orElse(""), after, options.delimiter(),
                options.limit(), withHttp || withCustom));
        List<R2Object> objects = page.objects().stream().map(o -> StoredR2Object.of(new ObjectInfo(o.key(), o.version(), o.size(),
                o.etag(), o.uploaded(), withHttp ? o.httpMetadata() : R2HttpMetadata.NONE, withCustom ? o.customMetadata() : Map.of(),
                o.checksums(), o.storageClass()))).toList();
        Optional<String> cursor = page.truncated() ? page.lastEntry().map(R2BucketHandle::encodeCursor) : Optional.empty();
        return new R2Objects(objects, page.prefixes(), page.truncated(), cursor);
    }

    // ---- multipart ----

    @Override
    public R2MultipartUpload createMultipartUpload(String key, R2MultipartOptions options) {
        R2Limits.checkKey(key);
        R2Limits.checkCustomMetadata(options.customMetadata());
        String storageClass = R2Limits.storageClass(options.storageClass());
        // Version and etag are placeholders until completion gives the real ones.
        NewObject template = new NewObject("", "", clock.instant(), options.httpMetadata(), options.customMetadata(),
                R2Checksums.NONE, storageClass);
        UploadInfo upload = store.createUpload(key, template);
        return new MultipartHandle(this, key, upload.uploadId());
    }

    @Override
    public R2MultipartUpload resumeMultipartUpload(String key, String uploadId) {
        Objects.requireNonNull(key);
        Objects.requireNonNull(uploadId);
        return new MultipartHandle(this, key, uploadId);
    }

    /**
     * Uploads one part from a stream (not closed here).
     *
     * @param declaredLength the declared length, or -1
     * @param checksums digests the part must have
     * @throws R2Exception NoSuchUpload, InvalidArgument (part number), EntityTooLarge, BadDigest, IncompleteBody
     */
    public R2UploadedPart uploadPart(String key, String uploadId, int partNumber, InputStream content, long declaredLength,
                                     R2Checksums checksums) {
        R2Limits.checkPartNumber(partNumber);
        requireUpload(key, uploadId);
        if (declaredLength > R2Limits.MAX_UPLOAD_BYTES) {
            throw tooLarge(declaredLength);
        }
        ContentIntake intake = new ContentIntake(content, checksums.toMap().keySet(), R2Limits.MAX_UPLOAD_BYTES, declaredLength);
        try (Staged staged = stage(intake)) {
            R2Checksums sums = intake.checksums();
            ContentIntake.verify(checksums, sums);
            String etag = sums.md5().orElseThrow();
            store.putPart(uploadId, partNumber, staged, etag).orElseThrow(() -> noSuchUpload(uploadId));
            return new R2UploadedPart(partNumber, etag);
        }
    }

    /**
     * @return the upload's parts in ascending part number (S3 ListParts)
     * @throws R2Exception NoSuchUpload
     */
    public List<PartInfo> listParts(String key, String uploadId) {
        requireUpload(key, uploadId);
        return store.parts(uploadId);
    }

    /**
     * @return unfinished uploads ordered by key, then id (S3 ListMultipartUploads)
     * @throws R2Exception InvalidArgument for a limit outside 1-1,000
     */
    public List<UploadInfo> listMultipartUploads(String prefix, Optional<String> keyMarker, Optional<String> uploadIdMarker, int limit) {
        if (limit < 1 || limit > R2Limits.MAX_LIST_LIMIT) {
            throw new R2Exception(R2Error.InvalidArgument, "max-uploads must be 1 to " + R2Limits.MAX_LIST_LIMIT + ", got " + limit);
        }
        return store.uploads(prefix, keyMarker, uploadIdMarker, limit).stream().filter(u -> !abortIfExpired(u)).toList();
    }

    /** Aborts every upload older than 7 days (bindings.md §4); R2Buckets does it before deleting a bucket. */
    void abortExpiredUploads() {
        Optional<String> keyMarker = Optional.empty();
        Optional<String> idMarker = Optional.empty();
        List<UploadInfo> page;
        do {
            page = store.uploads("", keyMarker, idMarker, R2Limits.MAX_LIST_LIMIT);
            page.forEach(this::abortIfExpired);
            if (!page.isEmpty()) {
                keyMarker = Optional.of(page.get(page.size() - 1).key());
                idMarker = Optional.of(page.get(page.size() - 1).uploadId());
            }
        } while (page.size() == R2Limits.MAX_LIST_LIMIT);
    }

    /** @return whether the upload was past its lifetime (it is aborted then) */
    private boolean abortIfExpired(UploadInfo upload) {
        if (upload.created().plus(UPLOAD_LIFETIME).isAfter(clock.instant())) {
            return false;
        }
        store.abortUpload(upload.uploadId());
        return true;
    }

    /**
     * Completes an upload: checks the part list, then joins the parts into the object, whose etag is the MD5
     * of the parts' MD5s followed by {@code -<number of parts>}.
     *
     * @throws R2Exception NoSuchUpload, InvalidPart, InvalidPartOrder, EntityTooSmall, EntityTooLarge
     */
    public R2Object completeUpload(String key, String uploadId, List<R2UploadedPart> parts) {
        UploadInfo upload = requireUpload(key, uploadId);
        if (parts.isEmpty()) {
            throw new R2Exception(R2Error.InvalidPart, "complete: at least one part must be listed");
        }
        Map<Integer, PartInfo> stored = new java.util.HashMap<>();
        store.parts(uploadId).forEach(p -> stored.put(p.partNumber(), p));
        List<PartRef> refs = new ArrayList<>();
        MessageDigest md5OfMd5s = md5();
        List<PartInfo> chosen = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            R2UploadedPart part = parts.get(i);
            if (i > 0 && part.partNumber() <= parts.get(i - 1).partNumber()) {
                throw new R2Exception(R2Error.InvalidPartOrder, "complete: parts must be listed in ascending order of part number, "
                        + "but " + part.partNumber() + " follows " + parts.get(i - 1).partNumber());
            }
            PartInfo have = stored.get(part.partNumber());
            String etag = bareEtag(part.etag());
            if (have == null || !have.etag().equals(etag)) {
                throw new R2Exception(R2Error.InvalidPart, "complete: part " + part.partNumber() + (have == null
                        ? " was not uploaded" : " has etag " + have.etag() + ", not " + etag));
            }
            chosen.add(have);
        }
        // bindings.md §4: all parts but the last of one size, at least 5 MiB; the last no larger.
        long partSize = chosen.get(0).size();
        long total = 0;
        for (int i = 0; i < chosen.size(); i++) {
            PartInfo part = chosen.get(i);
            boolean last = i == chosen.size() - 1;
            if (!last && part.size() < R2Limits.MIN_PART_BYTES) {
                throw new R2Exception(R2Error.EntityTooSmall, "complete: part " + part.partNumber() + " is " + part.size()
                        + " bytes; every part but the last must be at least " + R2Limits.MIN_PART_BYTES);
            }
            if (!last && part.size() != partSize) {
                throw new R2Exception(R2Error.EntityTooSmall, "complete: every part but the last must be of one size; part "
                        + part.partNumber() + " is " + part.size() + " bytes, the first " + partSize);
            }
            if (last && i > 0 && part.size() > partSize) {
                throw new R2Exception(R2Error.InvalidPart, "complete: the last part (" + part.size()
                        + " bytes) must not be larger than the others (" + partSize + ")");
            }
            total += part.size();
            md5OfMd5s.update(HexFormat.of().parseHex(part.etag()));
            refs.add(new PartRef(part.partNumber(), part.etag()));
        }
        if (total > R2Limits.MAX_OBJECT_BYTES) {
            throw tooLarge(total);
        }
        String etag = HexFormat.of().formatHex(md5OfMd5s.digest()) + "-" + parts.size();
        NewObject template = upload.object();
        NewObject object = new NewObject(newVersion(), etag, clock.instant(), template.httpMetadata(), template.customMetadata(),
                R2Checksums.NONE, template.storageClass());
        try {
            return store.completeUpload(uploadId, refs, object).map(StoredR2Object::of).orElseThrow(() -> noSuchUpload(uploadId));
        } catch (ObjectStore.PartMismatchException e) {
            throw new R2Exception(R2Error.InvalidPart, "complete: " + e.getMessage(), e);
        }
    }

    /**
     * @return the etag of the object that an upload of this key became, if it was completed within the last
     *     day (S3 answers a repeated CompleteMultipartUpload with it)
     */
    public Optional<String> completedUploadEtag(String key, String uploadId) {
        return store.completedUpload(uploadId).filter(u -> u.key().equals(key))
                .filter(u -> u.completed().plus(java.time.Duration.ofDays(1)).isAfter(clock.instant()))
                .map(ObjectStore.CompletedUpload::etag);
    }

    /** @return a bucket setting (a configuration document, such as the S3 API's CORS rules), if set */
    public Optional<String> setting(String name) {
        return store.setting(name);
    }

    /** Sets a bucket setting, or removes it when the value is empty. */
    public void putSetting(String name, Optional<String> value) {
        store.putSetting(name, value);
    }

    /**
     * Aborts an upload and drops its parts.
     *
     * @throws R2Exception NoSuchUpload
     */
    public void abortUpload(String key, String uploadId) {
        requireUpload(key, uploadId);
        if (!store.abortUpload(uploadId)) {
            throw noSuchUpload(uploadId);
        }
    }

    private UploadInfo requireUpload(String key, String uploadId) {
        return store.upload(uploadId).filter(u -> u.key().equals(key)).filter(u -> !abortIfExpired(u))
                .orElseThrow(() -> noSuchUpload(uploadId));
    }

    // ---- helpers ----

    private Staged stage(ContentIntake intake) {
        try {
            return store.stage(intake);
        } catch (IOException | RuntimeException e) {
            intake.abandon();
            throw failure(e);
        }
    }

    /** @return the R2 error for a failed staging: the body's fault, its size, or the storage's */
    private RuntimeException failure(Exception e) {
        if (e instanceof ContentIntake.TooLarge) {
            return new R2Exception(R2Error.EntityTooLarge, "Your proposed upload exceeds the maximum allowed object size: " + e.getMessage(), e);
        }
        if (e instanceof ContentIntake.SourceFailure) {
            return new R2Exception(R2Error.IncompleteBody, "You did not provide the number of bytes specified: " + e.getMessage(), e);
        }
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        return new StorageException("cannot stage content in bucket " + name + ": " + e.getMessage(), e);
    }

    private static Predicate<Optional<ObjectInfo>> guard(Optional<R2Conditional> onlyIf) {
        if (onlyIf.isEmpty() || onlyIf.get().isEmpty()) {
            return current -> true;
        }
        R2Conditional conditional = onlyIf.get();
        return current -> conditional.evaluate(current.map(ObjectInfo::etag), current.map(ObjectInfo::uploaded)) == R2Conditional.Outcome.HOLDS;
    }

    private static void throwUnlessHolds(R2Conditional.Outcome outcome, String key) {
        switch (outcome) {
            case HOLDS -> { }
            case FAILED -> throw preconditionFailed("get", key);
            case NOT_MODIFIED -> throw new R2Exception(R2Error.NotModified, "'" + key + "' was not modified");
        }
    }

    private static R2Exception preconditionFailed(String operation, String key) {
        return new R2Exception(R2Error.PreconditionFailed, operation + ": At least one of the pre-conditions you specified did not hold for '" + key + "'");
    }

    private static R2Exception noSuchKey(String key) {
        return new R2Exception(R2Error.NoSuchKey, "The specified key does not exist: '" + key + "'");
    }

    private static R2Exception noSuchUpload(String uploadId) {
        return new R2Exception(R2Error.NoSuchUpload, "The specified multipart upload does not exist: '" + uploadId + "'");
    }

    private static R2Exception tooLarge(long size) {
        return new R2Exception(R2Error.EntityTooLarge, "Your proposed upload exceeds the maximum allowed object size: "
                + size + " bytes > " + R2Limits.MAX_UPLOAD_BYTES);
    }

    private static String newVersion() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String bareEtag(String etag) {
        String e = etag.trim();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }

    static int compareUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String encodeCursor(String lastEntry) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastEntry.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String entry = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return entry;
        } catch (IllegalArgumentException e) {
            throw new R2Exception(R2Error.InvalidArgument, "list: invalid cursor '" + cursor + "'");
        }
    }

    @Override
    public String toString() {
        return "R2Bucket{" + name + "}";
    }
}

package dev.kiln.s3;

import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import dev.kiln.api.R2ListOptions;
import dev.kiln.api.R2Object;
import dev.kiln.api.R2Objects;
import dev.kiln.bindings.r2.ObjectStore.BucketInfo;
import dev.kiln.bindings.r2.R2BucketHandle;
import dev.kiln.bindings.r2.R2Buckets;
import dev.kiln.bindings.r2.ObjectStore.UploadInfo;
import io.helidon.http.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, GetBucketVersioning, ListObjects,
 * ListObjectsV2 and ListObjectVersions.
 */
final class BucketOperations {

    /** S3 lists at most 1,000 entries a page whatever max-keys asks. */
    static final int MAX_KEYS = 1000;

    private final R2Buckets buckets;

    BucketOperations(R2Buckets buckets) {
        this.buckets = buckets;
    }

    void listBuckets(S3Call call) {
        List<BucketInfo> all = buckets.list();
        Responses.xml(call.response(), XmlWriter.document("ListAllMyBucketsResult", true, w -> {
            w.element("Owner", o -> o.text("ID", "kiln").text("DisplayName", "kiln"));
            w.element("Buckets", list -> all.forEach(b -> list.element("Bucket", e -> e.text("Name", b.name())
                    .time("CreationDate", b.created()))));
        }));
    }

    void create(S3Call call, String bucket) {
        readConfiguration(call);
        buckets.create(bucket);
        call.response().header("Location", "/" + bucket);
        Responses.empty(call.response(), Status.OK_200);
    }

    /** A CreateBucketConfiguration body is optional; when there is one it must be well-formed. */
    private static void readConfiguration(S3Call call) {
        try {
            byte[] head = call.body().readNBytes(1);
            if (head.length == 0) {
                return;
            }
            var rest = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), call.body());
            XmlReader.Node config = XmlReader.parse(rest, "CreateBucketConfiguration");
            config.child("LocationConstraint").map(n -> n.text().trim()).filter(l -> !l.isEmpty() && !l.equals("auto")
                    && !l.equals("us-east-1")).ifPresent(l -> {
                        throw new S3Exception(S3Error.INVALID_ARGUMENT, "LocationConstraint must be auto (or empty), got '" + l + "'");
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void head(S3Call call, String bucket) {
        buckets.bucket(bucket);
        call.response().header("x-amz-bucket-region", "auto");
        Responses.empty(call.response(), Status.OK_200);
    }

    /**
     * DeleteBucket: as S3 does, a bucket whose objects are all gone is deleted even with unfinished
     * multipart uploads left, which are aborted first; a bucket with objects is BucketNotEmpty and keeps its uploads.
     */
    void delete(S3Call call, String bucket) {
        R2BucketHandle handle = buckets.bucket(bucket);
        if (!handle.list(R2ListOptions.ALL.withLimit(1)).objects().isEmpty()) {
            throw new S3Exception(S3Error.BUCKET_NOT_EMPTY, "The bucket you tried to delete is not empty: '" + bucket + "'");
        }
        List<UploadInfo> uploads;
        do {
            uploads = handle.listMultipartUploads("", Optional.empty(), Optional.empty(), MAX_KEYS);
            uploads.forEach(u -> abortIfThere(handle, u));
        } while (uploads.size() == MAX_KEYS);
        buckets.delete(bucket);
        Responses.empty(call.response(), Status.NO_CONTENT_204);
    }

    private static void abortIfThere(R2BucketHandle handle, UploadInfo upload) {
        try {
            handle.abortUpload(upload.key(), upload.uploadId());
        } catch (R2Exception e) {
            if (e.error() != R2Error.NoSuchUpload) {
                throw e;
            }
        }
    }

    void location(S3Call call, String bucket) {
        buckets.bucket(bucket);
        Responses.xml(call.response(), XmlWriter.document("LocationConstraint", true, w -> w.characters("auto")));
    }

    void listObjectsV2(S3Call call, String bucket) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        int maxKeys = maxKeys(r);
        // an empty token is no token (clients send "continuation-token=" for the first page)
        Optional<String> token = r.query("continuation-token").filter(t -> !t.isEmpty());
        R2Objects page = page(handle, r, maxKeys, token, r.query("start-after"));
        boolean urlEncode = urlEncoding(r);
        Responses.xml(call.response(), XmlWriter.document("ListBucketResult", true, w -> {
            w.text("Name", bucket).text("Prefix", encode(r.query("prefix").orElse(""), urlEncode));
            r.query("start-after").ifPresent(s -> w.text("StartAfter", encode(s, urlEncode)));
            token.ifPresent(t -> w.text("ContinuationToken", t));
            w.text("KeyCount", page.objects().size() + page.delimitedPrefixes().size()).text("MaxKeys", maxKeys);
            delimiter(r).ifPresent(d -> w.text("Delimiter", encode(d, urlEncode)));
            if (urlEncode) {
                w.text("EncodingType", "url");
            }
            w.text("IsTruncated", page.truncated());
            page.cursor().ifPresent(c -> w.text("NextContinuationToken", c));
            contents(w, page, urlEncode);
        }));
    }

    void listObjectsV1(S3Call call, String bucket) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        int maxKeys = maxKeys(r);
        Optional<String> marker = r.query("marker").filter(m -> !m.isEmpty());
        R2Objects page = page(handle, r, maxKeys, Optional.empty(), marker);
        boolean urlEncode = urlEncoding(r);
        Optional<String> last = lastEntry(page);
        Responses.xml(call.response(), XmlWriter.document("ListBucketResult", true, w -> {
            // S3 encodes ListObjects' Prefix element in no case (clients decode only the other elements)
            w.text("Name", bucket).text("Prefix", r.query("prefix").orElse(""))
                    .text("Marker", encode(marker.orElse(""), urlEncode)).text("MaxKeys", maxKeys);
            delimiter(r).ifPresent(d -> w.text("Delimiter", encode(d, urlEncode)));
            if (urlEncode) {
                w.text("EncodingType", "url");
            }
            w.text("IsTruncated", page.truncated());
            if (page.truncated()) {
                last.ifPresent(m -> w.text("NextMarker", encode(m, urlEncode)));
            }
            contents(w, page, urlEncode);
        }));
    }

    /** ListObjectVersions: buckets are never versioned, so every object is listed once, as its version {@code null}. */
    void listObjectVersions(S3Call call, String bucket) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        int maxKeys = maxKeys(r);
        Optional<String> keyMarker = r.query("key-marker").filter(m -> !m.isEmpty());
        if (keyMarker.isEmpty() && r.query("version-id-marker").filter(m -> !m.isEmpty()).isPresent()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "A version-id marker cannot be specified without a key marker.");
        }
        R2Objects page = page(handle, r, maxKeys, Optional.empty(), keyMarker);
        boolean urlEncode = urlEncoding(r);
        Optional<String> last = lastEntry(page);
        Responses.xml(call.response(), XmlWriter.document("ListVersionsResult", true, w -> {
            w.text("Name", bucket).text("Prefix", encode(r.query("prefix").orElse(""), urlEncode))
                    .text("KeyMarker", encode(keyMarker.orElse(""), urlEncode))
                    .text("VersionIdMarker", r.query("version-id-marker").orElse("")).text("MaxKeys", maxKeys);
            delimiter(r).ifPresent(d -> w.text("Delimiter", encode(d, urlEncode)));
            if (urlEncode) {
                w.text("EncodingType", "url");
            }
            w.text("IsTruncated", page.truncated());
            if (page.truncated()) {
                last.ifPresent(m -> w.text("NextKeyMarker", encode(m, urlEncode)).text("NextVersionIdMarker", "null"));
            }
            for (R2Object o : page.objects()) {
                w.element("Version", v -> v.text("Key", encode(o.key(), urlEncode)).text("VersionId", "null").text("IsLatest", true)
                        .time("LastModified", o.uploaded()).text("ETag", o.httpEtag()).text("Size", o.size())
                        .text("StorageClass", ObjectHeaders.s3StorageClass(o.storageClass()))
                        .element("Owner", x -> x.text("ID", "kiln").text("DisplayName", "kiln")));
            }
            for (String prefix : page.delimitedPrefixes()) {
                w.element("CommonPrefixes", c -> c.text("Prefix", encode(prefix, urlEncode)));
            }
        }));
    }

    /** GetBucketVersioning: a bucket that never had versioning answers an empty configuration. */
    void versioning(S3Call call, String bucket) {
        buckets.bucket(bucket);
        Responses.xml(call.response(), XmlWriter.document("VersioningConfiguration", true, w -> { }));
    }

    /** An empty delimiter is no delimiter. */
    private static Optional<String> delimiter(S3Request r) {
        return r.query("delimiter").filter(d -> !d.isEmpty());
    }

    private static R2Objects page(R2BucketHandle handle, S3Request r, int maxKeys, Optional<String> cursor, Optional<String> startAfter) {
        if (maxKeys == 0) {
            return new R2Objects(List.of(), List.of(), false, Optional.empty());
        }
        R2ListOptions options = R2ListOptions.ALL.withLimit(maxKeys).withInclude(R2ListOptions.Include.HTTP_METADATA);
        options = r.query("prefix").filter(p -> !p.isEmpty()).map(options::withPrefix).orElse(options);
        options = delimiter(r).map(options::withDelimiter).orElse(options);
        options = cursor.map(options::withCursor).orElse(options);
        options = startAfter.filter(s -> !s.isEmpty()).map(options::withStartAfter).orElse(options);
        return handle.list(options);
    }

    /** The name of the page's last entry, object or prefix, in key order: ListObjects' NextMarker. */
    private static Optional<String> lastEntry(R2Objects page) {
        Optional<String> lastKey = page.objects().isEmpty() ? Optional.empty() : Optional.of(page.objects().getLast().key());
        Optional<String> lastPrefix = page.delimitedPrefixes().isEmpty() ? Optional.empty() : Optional.of(page.delimitedPrefixes().getLast());
        if (lastKey.isEmpty()) {
            return lastPrefix;
        }
        if (lastPrefix.isEmpty()) {
            return lastKey;
        }
        // keys sort by their UTF-8 bytes
        int order = java.util.Arrays.compareUnsigned(lastKey.get().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                lastPrefix.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Optional.of(order > 0 ? lastKey.get() : lastPrefix.get());
    }

    private static void contents(XmlWriter w, R2Objects page, boolean urlEncode) {
        for (R2Object o : page.objects()) {
            w.element("Contents", c -> c.text("Key", encode(o.key(), urlEncode)).time("LastModified", o.uploaded())
                    .text("ETag", o.httpEtag()).text("Size", o.size())
                    .text("StorageClass", ObjectHeaders.s3StorageClass(o.storageClass())));
        }
        for (String prefix : page.delimitedPrefixes()) {
            w.element("CommonPrefixes", c -> c.text("Prefix", encode(prefix, urlEncode)));
        }
    }

    static int maxKeys(S3Request r) {
        Optional<String> value = r.query("max-keys");
        if (value.isEmpty()) {
            return MAX_KEYS;
        }
        try {
            int n = Integer.parseInt(value.get().trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.min(n, MAX_KEYS);
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "max-keys must be a non-negative integer, got '" + value.get() + "'");
        }
    }

    static boolean urlEncoding(S3Request r) {
        Optional<String> type = r.query("encoding-type");
        if (type.isPresent() && !type.get().equals("url")) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request: '" + type.get() + "'");
        }
        return type.isPresent();
    }

    static String encode(String value, boolean urlEncode) {
        return urlEncode ? SigV4.uriEncode(value, true) : value;
    }
}

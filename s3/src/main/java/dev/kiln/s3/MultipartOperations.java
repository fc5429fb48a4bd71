package dev.kiln.s3;

import dev.kiln.api.R2Exception;
import dev.kiln.api.R2GetOptions;
import dev.kiln.api.R2MultipartOptions;
import dev.kiln.api.R2MultipartUpload;
import dev.kiln.api.R2Object;
import dev.kiln.api.R2ObjectBody;
import dev.kiln.api.R2Range;
import dev.kiln.api.R2UploadedPart;
import dev.kiln.bindings.r2.ObjectStore.PartInfo;
import dev.kiln.bindings.r2.ObjectStore.UploadInfo;
import dev.kiln.bindings.r2.R2BucketHandle;
import dev.kiln.bindings.r2.R2Buckets;
import io.helidon.http.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CreateMultipartUpload, UploadPart, UploadPartCopy, ListParts, ListMultipartUploads,
 * CompleteMultipartUpload and AbortMultipartUpload. The part rules and the md5-of-md5s etag are R2's,
 * applied by the bucket facade.
 */
final class MultipartOperations {

    static final int MAX_PARTS_LISTED = 1000;
    static final int MAX_PART_NUMBER = 10_000;
    private static final java.util.regex.Pattern COPY_RANGE = java.util.regex.Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final R2Buckets buckets;

    MultipartOperations(R2Buckets buckets) {
        this.buckets = buckets;
    }

    void create(S3Call call, String bucket, String key) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        R2MultipartUpload upload = handle.createMultipartUpload(key, new R2MultipartOptions(ObjectHeaders.httpMetadata(r),
                ObjectHeaders.customMetadata(r), ObjectHeaders.storageClass(r)));
        Responses.xml(call.response(), XmlWriter.document("InitiateMultipartUploadResult", true, w -> w
                .text("Bucket", bucket).text("Key", key).text("UploadId", upload.uploadId())));
    }

    void uploadPart(S3Call call, String bucket, String key) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        R2UploadedPart part = handle.uploadPart(key, uploadId(r), partNumber(r), call.body(), ObjectOperations.declaredLength(r),
                ObjectHeaders.checksums(r));
        call.response().header("ETag", "\"" + part.etag() + "\"");
        call.verifiedChecksums().forEach((algorithm, value) -> call.response().header("x-amz-checksum-" + algorithm, value));
        Responses.empty(call.response(), Status.OK_200);
    }

    /** UploadPartCopy: a part's content read from an object, whole or {@code x-amz-copy-source-range}. */
    void uploadPartCopy(S3Call call, String bucket, String key, ObjectOperations objects) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        String uploadId = uploadId(r);
        int partNumber = partNumber(r);
        ObjectOperations.CopySource source = ObjectOperations.CopySource.parse(r.header("x-amz-copy-source").orElseThrow());
        R2BucketHandle sourceBucket = buckets.bucket(source.bucket());
        Optional<R2Range> range = r.header("x-amz-copy-source-range").map(h -> copyRange(h,
                sourceBucket.headOrThrow(source.key(), Optional.empty()).size()));
        R2GetOptions options = new R2GetOptions(ObjectHeaders.copySourceConditional(r), range);
        R2UploadedPart part;
        R2Object from;
        try (R2ObjectBody object = sourceBucket.getOrThrow(source.key(), options)) {
            from = object;
            long length = object.range().flatMap(R2Range::length).orElse(object.size());
            part = handle.uploadPart(key, uploadId, partNumber, object.stream(), length, dev.kiln.api.R2Checksums.NONE);
        }
        Responses.xml(call.response(), XmlWriter.document("CopyPartResult", true, w -> w
                .time("LastModified", from.uploaded()).text("ETag", "\"" + part.etag() + "\"")));
    }

    /**
     * {@code x-amz-copy-source-range}: unlike a GET's Range, only {@code bytes=first-last}, within the source.
     *
     * @throws S3Exception InvalidArgument for another form, or a range that ends past the source
     */
    static R2Range copyRange(String header, long sourceSize) {
        java.util.regex.Matcher m = COPY_RANGE.matcher(header);
        if (!m.matches()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The x-amz-copy-source-range value must be of the form bytes=first-last "
                    + "where first and last are the zero-based offsets of the first and last bytes to copy; got '" + header + "'");
        }
        long first;
        long last;
        try {
            first = Long.parseLong(m.group(1));
            last = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The x-amz-copy-source-range offsets are too large: '" + header + "'");
        }
        if (first > last) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The x-amz-copy-source-range must not end before it starts: '" + header + "'");
        }
        if (last >= sourceSize) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Range specified is not valid for source object of size: " + sourceSize
                    + " (got '" + header + "')");
        }
        return R2Range.of(first, last - first + 1);
    }

    void listParts(S3Call call, String bucket, String key) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        String uploadId = uploadId(r);
        int marker = intQuery(r, "part-number-marker", 0, 0, MAX_PART_NUMBER);
        int maxParts = Math.min(intQuery(r, "max-parts", MAX_PARTS_LISTED, 0, Integer.MAX_VALUE), MAX_PARTS_LISTED);
        List<PartInfo> after = handle.listParts(key, uploadId).stream().filter(p -> p.partNumber() > marker).toList();
        List<PartInfo> page = after.subList(0, Math.min(maxParts, after.size()));
        boolean truncated = page.size() < after.size();
        Responses.xml(call.response(), XmlWriter.document("ListPartsResult", true, w -> {
            w.text("Bucket", bucket).text("Key", key).text("UploadId", uploadId).text("PartNumberMarker", marker);
            if (!page.isEmpty()) {
                w.text("NextPartNumberMarker", page.getLast().partNumber());
            }
            w.text("MaxParts", maxParts).text("IsTruncated", truncated).text("StorageClass", "STANDARD");
            w.element("Initiator", o -> o.text("ID", "kiln").text("DisplayName", "kiln"));
            w.element("Owner", o -> o.text("ID", "kiln").text("DisplayName", "kiln"));
            page.forEach(p -> w.element("Part", e -> e.text("PartNumber", p.partNumber()).time("LastModified", p.uploaded())
                    .text("ETag", "\"" + p.etag() + "\"").text("Size", p.size())));
        }));
    }

    void listUploads(S3Call call, String bucket) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        String prefix = r.query("prefix").orElse("");
        Optional<String> keyMarker = r.query("key-marker").filter(m -> !m.isEmpty());
        Optional<String> uploadIdMarker = keyMarker.isPresent() ? r.query("upload-id-marker").filter(m -> !m.isEmpty()) : Optional.empty();
        int maxUploads = Math.min(intQuery(r, "max-uploads", MAX_PARTS_LISTED, 0, Integer.MAX_VALUE), MAX_PARTS_LISTED);
        if (r.query("delimiter").filter(d -> !d.isEmpty()).isPresent()) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "ListMultipartUploads with a delimiter is not supported");
        }
        List<UploadInfo> page = maxUploads == 0 ? List.of() : handle.listMultipartUploads(prefix, keyMarker, uploadIdMarker, maxUploads);
        // a full page is truncated only if one more upload follows it
        boolean truncated = !page.isEmpty() && page.size() == maxUploads && !handle.listMultipartUploads(prefix,
                Optional.of(page.getLast().key()), Optional.of(page.getLast().uploadId()), 1).isEmpty();
        Responses.xml(call.response(), XmlWriter.document("ListMultipartUploadsResult", true, w -> {
            w.text("Bucket", bucket).text("KeyMarker", keyMarker.orElse("")).text("UploadIdMarker", uploadIdMarker.orElse(""));
            if (truncated) {
                w.text("NextKeyMarker", page.getLast().key()).text("NextUploadIdMarker", page.getLast().uploadId());
            }
            w.text("Prefix", prefix).text("MaxUploads", maxUploads).text("IsTruncated", truncated);
            page.forEach(u -> w.element("Upload", e -> e.text("Key", u.key()).text("UploadId", u.uploadId())
                    .element("Initiator", o -> o.text("ID", "kiln").text("DisplayName", "kiln"))
                    .element("Owner", o -> o.text("ID", "kiln").text("DisplayName", "kiln"))
                    .text("StorageClass", ObjectHeaders.s3StorageClass(u.object().storageClass()))
                    .time("Initiated", u.created())));
        }));
    }

    void complete(S3Call call, String bucket, String key) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        String uploadId = uploadId(r);
        XmlReader.Node document;
        try {
            document = XmlReader.parse(call.body(), "CompleteMultipartUpload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<R2UploadedPart> parts = new ArrayList<>();
        for (XmlReader.Node part : document.all("Part")) {
            int number;
            try {
                number = Integer.parseInt(part.required("PartNumber").trim());
            } catch (NumberFormatException e) {
                throw new S3Exception(S3Error.MALFORMED_XML, "PartNumber must be a number, got '" + part.required("PartNumber") + "'");
            }
            parts.add(new R2UploadedPart(number, part.required("ETag").trim()));
        }
        for (int i = 1; i < parts.size(); i++) {
            if (parts.get(i).partNumber() <= parts.get(i - 1).partNumber()) {
                throw new S3Exception(S3Error.INVALID_PART_ORDER, "The list of parts was not in ascending order: part "
                        + parts.get(i).partNumber() + " follows " + parts.get(i - 1).partNumber());
            }
        }
        if (parts.isEmpty()) {
            throw new S3Exception(S3Error.MALFORMED_XML, "The XML you provided was not well-formed or did not validate against our "
                    + "published schema: CompleteMultipartUpload needs at least one <Part>");
        }
        String etag;
        try {
            etag = handle.completeUpload(key, uploadId, parts).httpEtag();
        } catch (R2Exception e) {
            // a retry of a completion whose answer was lost, or one racing it (which may find the parts already
            // joined and gone): S3 answers it again, as a success
            etag = handle.completedUploadEtag(key, uploadId).map(t -> "\"" + t + "\"").orElseThrow(() -> e);
        }
        String completedEtag = etag;
        Responses.xml(call.response(), XmlWriter.document("CompleteMultipartUploadResult", true, w -> w
                .text("Location", "/" + bucket + "/" + SigV4.uriEncode(key, true)).text("Bucket", bucket).text("Key", key)
                .text("ETag", completedEtag)));
    }

    void abort(S3Call call, String bucket, String key) {
        buckets.bucket(bucket).abortUpload(key, uploadId(call.request()));
        Responses.empty(call.response(), Status.NO_CONTENT_204);
    }

    private static String uploadId(S3Request r) {
        return r.query("uploadId").filter(id -> !id.isEmpty()).orElseThrow(() -> new S3Exception(S3Error.INVALID_ARGUMENT,
                "This operation needs an uploadId"));
    }

    private static int partNumber(S3Request r) {
        String value = r.query("partNumber").orElseThrow(() -> new S3Exception(S3Error.INVALID_ARGUMENT,
                "UploadPart needs both partNumber and uploadId"));
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_PART_NUMBER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and " + MAX_PART_NUMBER
                + ", inclusive; got '" + value + "'");
    }

    private static int intQuery(S3Request r, String name, int absent, int min, int max) {
        Optional<String> value = r.query(name);
        if (value.isEmpty()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value.get().trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, name + " must be an integer from " + min + " to " + max + ", got '"
                + value.get() + "'");
    }
}

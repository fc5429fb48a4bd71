package dev.kiln.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A multipart upload ({@code R2MultipartUpload}, bindings.md §4). Parts are numbered 1-10,000; all but the
 * last must be of one size, at least 5 MiB; each at most 5 GiB - 5 MiB. Uploading a part number again
 * replaces that part. Thread-safe: parts may be uploaded concurrently.
 */
public interface R2MultipartUpload {

    /** @return the key the object will have */
    String key();

    /** @return the upload's id */
    String uploadId();

    /**
     * Uploads one part, streaming it to storage.
     *
     * @throws R2Exception NoSuchUpload if the upload was completed, aborted or never existed;
     *     InvalidArgument for a part number outside 1-10,000; EntityTooLarge over the part size limit
     */
    R2UploadedPart uploadPart(int partNumber, Body value);

    /** Uploads one part held in memory. */
    default R2UploadedPart uploadPart(int partNumber, byte[] value) {
        return uploadPart(partNumber, Body.of(value));
    }

    /** Uploads one part of UTF-8 text. */
    default R2UploadedPart uploadPart(int partNumber, String value) {
        return uploadPart(partNumber, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Aborts the upload and drops its parts.
     *
     * @throws R2Exception NoSuchUpload if the upload was completed, aborted or never existed
     */
    void abort();

    /**
     * Joins the listed parts, in order, into the object; parts not listed are dropped.
     *
     * @return the object, readable once this returns
     * @throws R2Exception NoSuchUpload; InvalidPart if a part was not uploaded or its etag differs;
     *     InvalidPartOrder if part numbers do not ascend; EntityTooSmall if a part but the last is under 5 MiB
     *     or the parts but the last differ in size
     */
    R2Object complete(List<R2UploadedPart> parts);
}

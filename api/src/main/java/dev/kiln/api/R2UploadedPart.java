package dev.kiln.api;

/**
 * A part of a multipart upload, as {@link R2MultipartUpload#uploadPart} returns it and
 * {@link R2MultipartUpload#complete} takes it.
 *
 * @param partNumber 1-10,000
 * @param etag the part's etag (the MD5 hex of its content)
 */
public record R2UploadedPart(int partNumber, String etag) {
}

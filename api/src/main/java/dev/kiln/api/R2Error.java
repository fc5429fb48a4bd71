package dev.kiln.api;

/**
 * The kinds of R2 failure (bindings.md §4), each with Cloudflare's numeric code, the S3 error code name and
 * the HTTP status. The S3-compatible API answers with {@link #name()} as its {@code <Code>}; a worker sees it
 * in {@link R2Exception#getMessage()} as {@code "... (10007)"}, as on Cloudflare. Kinds whose Cloudflare code is not
 * documented carry {@code 0}.
 */
public enum R2Error {
    /** The object does not exist. */
    NoSuchKey(10007, 404),
    /** The bucket does not exist. */
    NoSuchBucket(10006, 404),
    /** A bucket that still holds objects (or unfinished uploads) cannot be deleted. */
    BucketNotEmpty(10008, 409),
    /** A bucket of that name already exists. */
    BucketAlreadyExists(10073, 409),
    /** Bucket names are 3-63 characters of lower-case letters, digits and '-', starting and ending alphanumeric. */
    InvalidBucketName(10005, 400),
    /** A conditional ({@code onlyIf}, {@code If-Match}, {@code If-Unmodified-Since}) did not hold. */
    PreconditionFailed(10031, 412),
    /** A read conditional ({@code If-None-Match}, {@code If-Modified-Since}) says the client's copy is current. */
    NotModified(0, 304),
    /** The range cannot be satisfied by the object's size. */
    InvalidRange(10039, 416),
    /** A multipart part other than the last is smaller than 5 MiB, or parts differ in size. */
    EntityTooSmall(10011, 400),
    /** An upload or part is larger than the limit. */
    EntityTooLarge(100100, 400),
    /** Custom and HTTP metadata together exceed the limit. */
    MetadataTooLarge(10012, 400),
    /** The key is empty or longer than 1024 bytes. */
    InvalidObjectName(10020, 400),
    /** A list limit outside 1-1000. */
    InvalidMaxKeys(10022, 400),
    /** The multipart upload does not exist (never created, completed or aborted). */
    NoSuchUpload(10024, 400),
    /** A listed part was not uploaded, or its etag does not match. */
    InvalidPart(10025, 400),
    /** Parts are not listed in ascending order of part number. */
    InvalidPartOrder(0, 400),
    /** The content does not match a checksum the client sent. */
    BadDigest(10037, 400),
    /** The body ended before the length the client declared. */
    IncompleteBody(0, 400),
    /** Any other invalid argument (bad option, bad cursor, bad part number, two checksums ...). */
    InvalidArgument(0, 400),
    /** Storage failed. */
    InternalError(0, 500);

    private final int code;
    private final int status;

    R2Error(int code, int status) {
        this.code = code;
        this.status = status;
    }

    /** @return Cloudflare's numeric error code, or 0 where it has none */
    public int code() {
        return code;
    }

    /** @return the HTTP status of this failure */
    public int status() {
        return status;
    }
}

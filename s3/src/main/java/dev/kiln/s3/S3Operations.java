package dev.kiln.s3;

import dev.kiln.api.R2Exception;
import dev.kiln.bindings.r2.BucketStores;
import dev.kiln.bindings.r2.R2Buckets;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;

/**
 * Routes an authenticated, path-style request ({@code /}, {@code /bucket}, {@code /bucket/key}) to its
 * operation by method and sub-resource, and turns R2 errors into S3 ones.
 */
final class S3Operations {

    /** Sub-resources of S3 that R2's S3 API (or this one) does not serve. */
    private static final Set<String> UNSUPPORTED = Set.of("acl", "tagging", "policy", "policyStatus", "lifecycle", "website", "logging", "notification", "replication", "encryption", "object-lock",
            "retention", "legal-hold", "torrent", "restore", "select", "accelerate", "analytics", "inventory", "metrics",
            "intelligent-tiering", "ownershipControls", "publicAccessBlock", "requestPayment", "attributes");

    /** A bucket before the names this listener answers to: {@code localhost} or an IPv4 address. */
    private static final java.util.regex.Pattern VIRTUAL_HOST = java.util.regex.Pattern.compile(
            "[^.]+\\.(localhost|\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})");

    private final BucketOperations buckets;
    private final ObjectOperations objects;
    private final MultipartOperations multipart;
    private final CorsOperations cors;

    S3Operations(BucketStores storage, Clock clock) {
        R2Buckets r2 = new R2Buckets(storage, clock);
        this.buckets = new BucketOperations(r2);
        this.objects = new ObjectOperations(r2);
        this.multipart = new MultipartOperations(r2);
        this.cors = new CorsOperations(r2);
    }

    /** A path-style request's bucket and key, decoded; either may be empty. */
    record Target(String bucket, String key) {
        static Target of(S3Request request) {
            String path = request.rawPath().startsWith("/") ? request.rawPath().substring(1) : request.rawPath();
            int slash = path.indexOf('/');
            return new Target(SigV4.percentDecode(slash < 0 ? path : path.substring(0, slash)),
                    slash < 0 ? "" : SigV4.percentDecode(path.substring(slash + 1)));
        }
    }

    /**
     * Refuses, before any signature is checked, the requests whose shape this API does not serve:
     * virtual-hosted addressing (a bucket in the {@code Host} before {@code localhost} or an IPv4 address,
     * which would otherwise be read as path-style with the key taken for a bucket) and browser form uploads (POST with {@code multipart/form-data},
     * signed by a policy rather than SigV4).
     *
     * @throws S3Exception NotImplemented
     */
    static void refuseUnservedForms(S3Request request) {
        String host = request.header("host").orElse("").toLowerCase(java.util.Locale.ROOT);
        String name = host.startsWith("[") ? host : host.replaceFirst(":\\d*$", "");
        if (VIRTUAL_HOST.matcher(name).matches()) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Virtual-hosted-style requests (the bucket in the Host, here '" + name
                    + "') are not supported; use path-style URLs (http://localhost:PORT/bucket/key)");
        }
        if (request.method().equals("POST") && request.header("content-type").map(t -> t.toLowerCase(java.util.Locale.ROOT).trim())
                .filter(t -> t.startsWith("multipart/form-data")).isPresent()) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Browser-based uploads with POST (HTML forms) are not supported; "
                    + "upload with PUT, for example to a presigned URL");
        }
    }

    /** Answers a browser's preflight {@code OPTIONS} from the bucket's CORS rules (no signature needed). */
    void preflight(S3Request request, io.helidon.webserver.http.ServerResponse res) {
        try {
            cors.preflight(request, Target.of(request).bucket(), res);
        } catch (R2Exception e) {
            throw toS3(e, "");
        }
    }

    /** Adds the CORS headers a browser needs to read the answer, when the bucket's rules allow its origin. */
    void addCorsHeaders(S3Request request, io.helidon.webserver.http.ServerResponse res) {
        cors.addHeaders(request, Target.of(request).bucket(), res);
    }

    void handle(S3Call call) {
        S3Request request = call.request();
        for (String sub : UNSUPPORTED) {
            if (request.hasQuery(sub)) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, "The ?" + sub + " sub-resource is not supported by this S3 API");
            }
        }
        refuseSseC(request);
        Target target = Target.of(request);
        String bucket = target.bucket();
        String key = target.key();
        checkKeyCharacters(key);
        try {
            if (bucket.isEmpty()) {
                if (!request.method().equals("GET")) {
                    throw notAllowed(request);
                }
                buckets.listBuckets(call);
            } else if (key.isEmpty()) {
                bucketOperation(call, bucket);
            } else {
                objectOperation(call, bucket, key);
            }
        } catch (R2Exception e) {
            throw toS3(e, key);
        } catch (ClientGoneException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw new S3Exception(S3Error.INTERNAL_ERROR, "I/O failed: " + e.getCause().getMessage(), e);
        }
    }

    /** SSE-C would have the object stored encrypted with the client's key: refused rather than stored in clear. */
    private static void refuseSseC(S3Request request) {
        for (String name : request.headers().keySet()) {
            if (name.startsWith("x-amz-server-side-encryption-customer-") || name.startsWith("x-amz-copy-source-server-side-encryption-customer-")) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Server-side encryption with customer-provided keys (SSE-C, "
                        + name + ") is not supported; the object was not stored");
            }
        }
    }

    /**
     * Keys must be writable in the XML of listings and errors: the control characters XML 1.0 cannot carry
     * (all below U+0020 but tab, line feed and carriage return) are refused outright.
     */
    private static void checkKeyCharacters(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xfffe || c == 0xffff) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, String.format("Object key contains U+%04X (at index %d), a control "
                        + "character that S3's XML cannot carry", (int) c, i));
            }
        }
    }

    /** Buckets are never versioned: the only version there is of an object is {@code null}. */
    private static void checkVersionId(S3Request request) {
        request.query("versionId").filter(v -> !v.equals("null")).ifPresent(v -> {
            throw new S3Exception(S3Error.NO_SUCH_VERSION, "The specified version does not exist: '" + v + "' (buckets are not "
                    + "versioned; every object's version is null)");
        });
    }

    private void bucketOperation(S3Call call, String bucket) {
        S3Request r = call.request();
        if (r.hasQuery("cors")) {
            switch (r.method()) {
                case "GET" -> cors.get(call, bucket);
                case "PUT" -> cors.put(call, bucket);
                case "DELETE" -> cors.delete(call, bucket);
                default -> throw notAllowed(r);
            }
            return;
        }
        if (r.hasQuery("versioning")) {
            if (!r.method().equals("GET")) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Versioning cannot be enabled: buckets are not versioned");
            }
            buckets.versioning(call, bucket);
            return;
        }
        switch (r.method()) {
            case "GET" -> {
                if (r.hasQuery("versions")) {
                    buckets.listObjectVersions(call, bucket);
                } else if (r.hasQuery("location")) {
                    buckets.location(call, bucket);
                } else if (r.hasQuery("uploads")) {
                    multipart.listUploads(call, bucket);
                } else if (r.query("list-type").filter("2"::equals).isPresent()) {
                    buckets.listObjectsV2(call, bucket);
                } else {
                    buckets.listObjectsV1(call, bucket);
                }
            }
            case "HEAD" -> buckets.head(call, bucket);
            case "PUT" -> buckets.create(call, bucket);
            case "DELETE" -> buckets.delete(call, bucket);
            case "POST" -> {
                if (!r.hasQuery("delete")) {
                    throw notAllowed(r);
                }
                objects.deleteObjects(call, bucket);
            }
            default -> throw notAllowed(r);
        }
    }

    private void objectOperation(S3Call call, String bucket, String key) {
        S3Request r = call.request();
        boolean upload = r.hasQuery("uploadId");
        if (!upload && Set.of("GET", "HEAD", "DELETE").contains(r.method())) {
            checkVersionId(r);
        }
        switch (r.method()) {
            case "GET" -> {
                if (upload) {
                    multipart.listParts(call, bucket, key);
                } else {
                    objects.get(call, bucket, key, true);
                }
            }
            case "HEAD" -> objects.get(call, bucket, key, false);
            case "PUT" -> {
                boolean copy = r.header("x-amz-copy-source").isPresent();
                if (upload || r.hasQuery("partNumber")) {
                    if (copy) {
                        multipart.uploadPartCopy(call, bucket, key, objects);
                    } else {
                        multipart.uploadPart(call, bucket, key);
                    }
                } else if (copy) {
                    objects.copy(call, bucket, key);
                } else {
                    objects.put(call, bucket, key);
                }
            }
            case "POST" -> {
                if (r.hasQuery("uploads")) {
                    multipart.create(call, bucket, key);
                } else if (upload) {
                    multipart.complete(call, bucket, key);
                } else {
                    throw notAllowed(r);
                }
            }
            case "DELETE" -> {
                if (upload) {
                    multipart.abort(call, bucket, key);
                } else {
                    objects.delete(call, bucket, key);
                }
            }
            default -> throw notAllowed(r);
        }
    }

    private static S3Exception notAllowed(S3Request r) {
        return new S3Exception(S3Error.METHOD_NOT_ALLOWED, "The specified method is not allowed against this resource: "
                + r.method() + " " + r.rawPath() + (r.rawQuery().isEmpty() ? "" : "?" + r.rawQuery()));
    }

    /** R2's error kinds, as S3 names and statuses them. */
    static S3Exception toS3(R2Exception e, String key) {
        String message = e.getMessage().replaceFirst(" \\(\\d+\\)$", ""); // R2's numeric code is not S3's
        S3Error error = switch (e.error()) {
            case NoSuchKey -> S3Error.NO_SUCH_KEY;
            case NoSuchBucket -> S3Error.NO_SUCH_BUCKET;
            case BucketNotEmpty -> S3Error.BUCKET_NOT_EMPTY;
            case BucketAlreadyExists -> S3Error.BUCKET_ALREADY_OWNED_BY_YOU;
            case InvalidBucketName -> S3Error.INVALID_BUCKET_NAME;
            case PreconditionFailed -> S3Error.PRECONDITION_FAILED;
            case NotModified -> S3Error.NOT_MODIFIED;
            case InvalidRange -> S3Error.INVALID_RANGE;
            case EntityTooSmall -> S3Error.ENTITY_TOO_SMALL;
            case EntityTooLarge -> S3Error.ENTITY_TOO_LARGE;
            case MetadataTooLarge -> S3Error.METADATA_TOO_LARGE;
            case InvalidObjectName -> key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024
                    ? S3Error.KEY_TOO_LONG : S3Error.INVALID_ARGUMENT;
            case InvalidMaxKeys, InvalidArgument -> S3Error.INVALID_ARGUMENT;
            case NoSuchUpload -> S3Error.NO_SUCH_UPLOAD;
            case InvalidPart -> S3Error.INVALID_PART;
            case InvalidPartOrder -> S3Error.INVALID_PART_ORDER;
            case BadDigest -> S3Error.BAD_DIGEST;
            case IncompleteBody -> S3Error.INCOMPLETE_BODY;
            case InternalError -> S3Error.INTERNAL_ERROR;
        };
        return new S3Exception(error, message, e);
    }
}

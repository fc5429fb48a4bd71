package dev.kiln.s3;

import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import dev.kiln.api.R2GetOptions;
import dev.kiln.api.R2Object;
import dev.kiln.api.R2ObjectBody;
import dev.kiln.api.R2PutOptions;
import dev.kiln.api.R2Range;
import dev.kiln.bindings.r2.CopyOptions;
import dev.kiln.bindings.r2.R2BucketHandle;
import dev.kiln.bindings.r2.R2Buckets;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** PutObject, GetObject, HeadObject, CopyObject, DeleteObject and DeleteObjects. */
final class ObjectOperations {

    /** DeleteObjects takes at most 1,000 keys. */
    static final int MAX_DELETE_KEYS = 1000;
    /** Large enough that a 64 MiB object goes out in few writes; small enough to stream. */
    private static final int COPY_BUFFER = 256 * 1024;

    private final R2Buckets buckets;

    ObjectOperations(R2Buckets buckets) {
        this.buckets = buckets;
    }

    void put(S3Call call, String bucket, String key) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        R2PutOptions options = R2PutOptions.NONE.withHttpMetadata(ObjectHeaders.httpMetadata(r))
                .withCustomMetadata(ObjectHeaders.customMetadata(r))
                .withChecksums(ObjectHeaders.checksums(r));
        options = ObjectHeaders.storageClass(r).map(options::withStorageClass).orElse(options);
        options = ObjectHeaders.conditional(r).map(options::withOnlyIf).orElse(options);
        R2Object stored = handle.putOrThrow(key, call.body(), declaredLength(r), options);
        call.response().header("ETag", stored.httpEtag());
        call.verifiedChecksums().forEach((algorithm, value) -> call.response().header("x-amz-checksum-" + algorithm, value));
        Responses.empty(call.response(), Status.OK_200);
    }

    /** The body's length once decoded: {@code x-amz-decoded-content-length} for aws-chunked, else Content-Length. */
    static long declaredLength(S3Request r) {
        Optional<String> length = r.header("x-amz-decoded-content-length").or(() -> r.header("content-length"));
        try {
            return length.map(String::trim).map(Long::parseLong).orElse(-1L);
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "the body length is not a number: '" + length.get() + "'");
        }
    }

    void get(S3Call call, String bucket, String key, boolean withBody) {
        S3Request r = call.request();
        R2BucketHandle handle = buckets.bucket(bucket);
        if (r.hasQuery("partNumber")) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "GetObject by partNumber is not supported; read with a Range");
        }
        Optional<R2Range> range = r.header("range").map(R2Range::fromHeader);
        R2GetOptions options = new R2GetOptions(ObjectHeaders.conditional(r), withBody ? range : Optional.empty());
        ServerResponse res = call.response();
        try {
            if (!withBody) {
                R2Object head = handle.headOrThrow(key, options.onlyIf());
                ObjectHeaders.write(res, head, r);
                res.header("Content-Length", Long.toString(head.size()));
                Responses.empty(res, Status.OK_200);
                return;
            }
            send(res, r, handle.getOrThrow(key, options), range);
        } catch (R2Exception e) {
            if (e.error() == R2Error.NotModified) {
                // a 304 names the version the client already has (RFC 9110 §15.4.5)
                handle.head(key).ifPresent(o -> {
                    res.header("ETag", o.httpEtag());
                    res.header("Last-Modified", ObjectHeaders.httpDate(o.uploaded()));
                });
            }
            throw e;
        }
    }

    private static void send(ServerResponse res, S3Request r, R2ObjectBody body, Optional<R2Range> range) {
        try (R2ObjectBody object = body) {
            ObjectHeaders.write(res, object, r);
            long length = object.size();
            if (range.isPresent()) {
                R2Range served = object.range().orElseThrow();
                long offset = served.offset().orElse(0L);
                length = served.length().orElseThrow();
                res.status(Status.PARTIAL_CONTENT_206);
                res.header("Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/" + object.size());
            } else {
                res.status(Status.OK_200);
            }
            stream(res, object.stream(), length);
        }
    }

    /** Streams content to the client with its length known up front (no chunked framing, never all in memory). */
    static void stream(ServerResponse res, InputStream content, long length) {
        res.header("Content-Length", Long.toString(length));
        if (length == 0) {
            res.send();
            return;
        }
        try (InputStream in = content) {
            OutputStream out = res.outputStream();
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException | UncheckedIOException e) {
                    throw clientGone(e);
                }
            }
            try {
                out.close();
            } catch (IOException | UncheckedIOException e) {
                throw clientGone(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A write to the client failed: the client is gone (storage failures surface from reads, not writes). */
    private static ClientGoneException clientGone(Exception e) {
        IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
        return new ClientGoneException(io);
    }

    void copy(S3Call call, String bucket, String key) {
        S3Request r = call.request();
        CopySource source = CopySource.parse(r.header("x-amz-copy-source").orElseThrow());
        R2BucketHandle target = buckets.bucket(bucket);
        R2BucketHandle from = buckets.bucket(source.bucket());
        String directive = r.header("x-amz-metadata-directive").orElse("COPY");
        if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "x-amz-metadata-directive must be COPY or REPLACE, got '" + directive + "'");
        }
        boolean replace = directive.equals("REPLACE");
        Optional<String> storageClass = ObjectHeaders.storageClass(r);
        if (!replace && storageClass.isEmpty() && source.bucket().equals(bucket) && source.key().equals(key)) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "This copy request is illegal because it is trying to copy an object "
                    + "to itself without changing the object's metadata, storage class, website redirect location or "
                    + "encryption attributes.");
        }
        CopyOptions options = new CopyOptions(ObjectHeaders.copySourceConditional(r), ObjectHeaders.conditional(r), replace,
                ObjectHeaders.httpMetadata(r), ObjectHeaders.customMetadata(r), storageClass);
        R2Object copied = target.copy(from, source.key(), key, options);
        Responses.xml(call.response(), XmlWriter.document("CopyObjectResult", true, w -> w
                .time("LastModified", copied.uploaded()).text("ETag", copied.httpEtag())));
    }

    /** {@code x-amz-copy-source}: {@code [/]bucket/key}, percent-encoded, without a version. */
    record CopySource(String bucket, String key) {
        static CopySource parse(String header) {
            String value = header.startsWith("/") ? header.substring(1) : header;
            int version = value.indexOf("?versionId=");
            if (version >= 0) {
                String id = value.substring(version + "?versionId=".length());
                if (!id.equals("null")) {
                    throw new S3Exception(S3Error.NO_SUCH_VERSION, "The specified version of the copy source does not exist: '" + id
                            + "' (buckets are not versioned; every object's version is null)");
                }
                value = value.substring(0, version);
            }
            int slash = value.indexOf('/');
            if (slash <= 0 || slash == value.length() - 1) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Copy Source must mention the source bucket and key: "
                        + "sourcebucket/sourcekey, got '" + header + "'");
            }
            return new CopySource(SigV4.percentDecode(value.substring(0, slash)), SigV4.percentDecode(value.substring(slash + 1)));
        }
    }

    void delete(S3Call call, String bucket, String key) {
        buckets.bucket(bucket).delete(key);
        Responses.empty(call.response(), Status.NO_CONTENT_204);
    }

    void deleteObjects(S3Call call, String bucket) {
        R2BucketHandle handle = buckets.bucket(bucket);
        byte[] document;
        try {
            document = XmlReader.read(call.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkContentMd5(call.request(), document);
        XmlReader.Node delete = XmlReader.parse(document, "Delete");
        List<XmlReader.Node> objects = delete.all("Object");
        if (objects.isEmpty() || objects.size() > MAX_DELETE_KEYS) {
            throw new S3Exception(S3Error.MALFORMED_XML, "DeleteObjects takes 1 to " + MAX_DELETE_KEYS + " <Object> elements, got "
                    + objects.size());
        }
        boolean quiet = delete.child("Quiet").map(q -> q.text().trim().equals("true")).orElse(false);
        List<String> valid = new ArrayList<>();
        List<String[]> errors = new ArrayList<>();
        for (XmlReader.Node object : objects) {
            String key = object.required("Key");
            Optional<String> version = object.child("VersionId").map(v -> v.text().trim());
            if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > 1024) {
                errors.add(new String[] {key, key.isEmpty() ? "InvalidArgument" : "KeyTooLongError",
                        key.isEmpty() ? "The key is empty" : "Your key is too long"});
            } else if (version.filter(v -> !v.equals("null")).isPresent()) {
                // buckets are not versioned: a version other than null does not exist, and the object stays
                errors.add(new String[] {key, S3Error.NO_SUCH_VERSION.code(), "The specified version does not exist: '"
                        + version.get() + "'"});
            } else {
                valid.add(key);
            }
        }
        handle.delete(valid);
        Responses.xml(call.response(), XmlWriter.document("DeleteResult", true, w -> {
            if (!quiet) {
                valid.forEach(k -> w.element("Deleted", d -> d.text("Key", k)));
            }
            errors.forEach(e -> w.element("Error", x -> x.text("Key", e[0]).text("Code", e[1]).text("Message", e[2])));
        }));
    }

    /** A small request document with a {@code Content-MD5} must match it (S3 asks for one on DeleteObjects). */
    static void checkContentMd5(S3Request request, byte[] document) {
        Optional<String> md5 = request.header("content-md5");
        if (md5.isEmpty()) {
            return;
        }
        try {
            byte[] actual = java.security.MessageDigest.getInstance("MD5").digest(document);
            if (!java.util.Base64.getEncoder().encodeToString(actual).equals(md5.get().trim())) {
                throw new S3Exception(S3Error.BAD_DIGEST, "The Content-MD5 you specified did not match what we received");
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}

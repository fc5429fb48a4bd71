package dev.kiln.s3;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One S3 request: refuse the forms not served (virtual-hosted, browser form POST), answer a CORS preflight
 * (unsigned), add CORS headers for an allowed {@code Origin}, authenticate, wrap the body in the checks its
 * signature asks for, run the operation, and turn any failure into an S3 {@code <Error>} document with the
 * error's status.
 */
final class S3Handler implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(S3Handler.class);

    private final Authenticator authenticator;
    private final S3Operations operations;

    S3Handler(Authenticator authenticator, S3Operations operations) {
        this.authenticator = authenticator;
        this.operations = operations;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String requestId = Long.toHexString(ThreadLocalRandom.current().nextLong()).toUpperCase(java.util.Locale.ROOT);
        res.header("x-amz-request-id", requestId);
        S3Request request = toS3Request(req);
        BodyGuard body = null;
        try {
            S3Operations.refuseUnservedForms(request);
            if (request.method().equals("OPTIONS")) {
                operations.preflight(request, res);
                return;
            }
            operations.addCorsHeaders(request, res);
            Authenticator.Result who = authenticator.authenticate(request);
            Map<String, String> checksums = new LinkedHashMap<>();
            body = new BodyGuard(body(req, request, who.payload(), checksums));
            operations.handle(new S3Call(request, body, res, checksums));
        } catch (RuntimeException e) {
            S3Exception failure = body != null && body.failure().isPresent() ? body.failure().get().toS3() : asS3(e);
            if (res.isSent() || e instanceof ClientGoneException) {
                // the response had begun (a GET streaming out) when the client went away or storage failed
                LOG.debug("S3 {} {} failed after the response began: {}", request.method(), request.rawPath(), e.toString());
                return;
            }
            if (failure.error() == S3Error.INTERNAL_ERROR) {
                LOG.error("S3 {} {} failed (request {})", request.method(), request.rawPath(), requestId, e);
            }
            try {
                sendError(req, res, request, failure, requestId);
            } catch (RuntimeException unsendable) {
                // the client is gone (it hung up mid-upload): there is no one to tell
                LOG.debug("S3 {} {}: could not send {}: {}", request.method(), request.rawPath(), failure.error().code(),
                        unsendable.toString());
            }
        }
    }

    private static S3Exception asS3(RuntimeException e) {
        if (e instanceof S3Exception s3) {
            return s3;
        }
        if (e instanceof UncheckedIOException io && io.getCause() instanceof BodyException body) {
            return body.toS3();
        }
        return new S3Exception(S3Error.INTERNAL_ERROR, "We encountered an internal error. Please try again.", e);
    }

    private static S3Request toS3Request(ServerRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : req.headers()) {
            headers.computeIfAbsent(header.name(), n -> new ArrayList<>()).addAll(header.allValues());
        }
        return new S3Request(req.prologue().method().text(), req.prologue().uriPath().rawPath(), req.query().rawValue(), headers);
    }

    /**
     * The body, decoded (aws-chunked) and checked (hash, length, chunk signatures) as it is read.
     *
     * @param verified receives the {@code x-amz-checksum-*} values (headers or trailers) the body was checked against
     */
    private static InputStream body(ServerRequest req, S3Request request, Payload payload, Map<String, String> verified) {
        if (!req.content().hasEntity()) {
            InputStream empty = InputStream.nullInputStream();
            return payload instanceof Payload.Hashed hashed ? new HashCheckingInputStream(empty, hashed.sha256Hex(), 0) : empty;
        }
        long length = req.headers().contentLength().orElse(-1);
        InputStream raw = req.content().inputStream();
        InputStream decoded = switch (payload) {
            case Payload.Unsigned u -> new HashCheckingInputStream(raw, null, length);
            case Payload.Hashed h -> new HashCheckingInputStream(raw, h.sha256Hex(), length);
            case Payload.SignedChunks s -> new AwsChunkedInputStream(chunkedSource(raw, length), s, verified);
            case Payload.UnsignedChunks u -> new AwsChunkedInputStream(chunkedSource(raw, length), u, verified);
        };
        var checksums = ChecksumCheck.headers(request);
        return checksums.isEmpty() ? decoded : ChecksumCheck.checking(decoded, checksums, verified);
    }

    /** Buffered: chunk headers are read a byte at a time; chunk data passes through in large reads. */
    private static InputStream chunkedSource(InputStream raw, long length) {
        return new java.io.BufferedInputStream(new HashCheckingInputStream(raw, null, length), 64 * 1024);
    }

    private static void sendError(ServerRequest req, ServerResponse res, S3Request request, S3Exception failure, String requestId) {
        res.status(Status.create(failure.error().status()));
        if (req.content().hasEntity() && !req.content().consumed()) {
            // the body was refused unread: close rather than read what may be gigabytes to reuse the connection
            res.header(HeaderNames.CONNECTION, "close");
        }
        if (request.method().equals("HEAD") || failure.error() == S3Error.NOT_MODIFIED) {
            res.send();
            return;
        }
        byte[] xml = XmlWriter.document("Error", false, w -> w
                .text("Code", failure.error().code())
                .text("Message", failure.getMessage() == null ? failure.error().code() : failure.getMessage())
                .text("Resource", request.rawPath())
                .text("RequestId", requestId));
        res.header(HeaderNames.CONTENT_TYPE, "application/xml");
        res.send(xml);
    }
}

package dev.kiln.s3;

import dev.kiln.api.R2Exception;
import dev.kiln.bindings.r2.R2BucketHandle;
import dev.kiln.bindings.r2.R2Buckets;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Bucket CORS: PutBucketCors, GetBucketCors and DeleteBucketCors (the rules are a durable bucket setting),
 * a browser's preflight {@code OPTIONS} answered from them without a signature (presigned URLs need this),
 * and the {@code Access-Control-*} headers on the answers to requests that carry an {@code Origin}.
 */
final class CorsOperations {

    static final String SETTING = "s3.cors";

    private final R2Buckets buckets;

    CorsOperations(R2Buckets buckets) {
        this.buckets = buckets;
    }

    void put(S3Call call, String bucket) {
        R2BucketHandle handle = buckets.bucket(bucket);
        byte[] document;
        try {
            document = XmlReader.read(call.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectOperations.checkContentMd5(call.request(), document);
        CorsRules rules = CorsRules.parse(XmlReader.parse(document, "CORSConfiguration"));
        handle.putSetting(SETTING, Optional.of(new String(rules.toXml(), StandardCharsets.UTF_8)));
        Responses.empty(call.response(), Status.OK_200);
    }

    void get(S3Call call, String bucket) {
        String rules = buckets.bucket(bucket).setting(SETTING).orElseThrow(() -> new S3Exception(S3Error.NO_SUCH_CORS_CONFIGURATION,
                "The CORS configuration does not exist"));
        Responses.xml(call.response(), rules.getBytes(StandardCharsets.UTF_8));
    }

    void delete(S3Call call, String bucket) {
        buckets.bucket(bucket).putSetting(SETTING, Optional.empty());
        Responses.empty(call.response(), Status.NO_CONTENT_204);
    }

    /**
     * A preflight: {@code Origin} and {@code Access-Control-Request-Method} (and any
     * {@code Access-Control-Request-Headers}) checked against the bucket's rules.
     *
     * @throws S3Exception BadRequest without those headers; AccessForbidden when no rule allows the request
     */
    void preflight(S3Request request, String bucket, ServerResponse res) {
        String origin = request.header("origin").orElseThrow(() -> new S3Exception(S3Error.BAD_REQUEST,
                "Insufficient information. Origin request header needed."));
        String method = request.header("access-control-request-method").orElseThrow(() -> new S3Exception(S3Error.BAD_REQUEST,
                "Invalid Access-Control-Request-Method: null"));
        if (bucket.isEmpty()) {
            throw new S3Exception(S3Error.ACCESS_FORBIDDEN, "CORSResponse: CORS is answered for buckets and their objects only");
        }
        List<String> headers = request.header("access-control-request-headers").map(h -> Arrays.stream(h.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
        Optional<CorsRules> rules = rules(bucket);
        if (rules.isEmpty()) {
            throw new S3Exception(S3Error.ACCESS_FORBIDDEN, "CORSResponse: CORS is not enabled for this bucket.");
        }
        CorsRules.Rule rule = rules.get().match(origin, method, headers).orElseThrow(() -> new S3Exception(S3Error.ACCESS_FORBIDDEN,
                "CORSResponse: This CORS request is not allowed. No rule of the bucket's CORS configuration allows origin '"
                        + origin + "', method " + method + (headers.isEmpty() ? "" : " and headers " + headers)));
        allow(res, rule, origin);
        if (!headers.isEmpty()) {
            res.header("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        rule.maxAgeSeconds().ifPresent(s -> res.header("Access-Control-Max-Age", Long.toString(s)));
        res.header("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
        Responses.empty(res, Status.OK_200);
    }

    /** Adds the CORS headers to the answer to a browser's request ({@code Origin} set) that a rule allows. */
    void addHeaders(S3Request request, String bucket, ServerResponse res) {
        Optional<String> origin = request.header("origin");
        if (origin.isEmpty() || bucket.isEmpty()) {
            return;
        }
        Optional<CorsRules> rules;
        try {
            rules = rules(bucket);
        } catch (R2Exception e) {
            return; // no such bucket, or a bad name: the operation itself says so
        }
        rules.flatMap(r -> r.match(origin.get(), request.method(), List.of())).ifPresent(rule -> {
            allow(res, rule, origin.get());
            res.header("Vary", "Origin");
        });
    }

    private static void allow(ServerResponse res, CorsRules.Rule rule, String origin) {
        String allowed = rule.allowOrigin(origin);
        res.header("Access-Control-Allow-Origin", allowed);
        res.header("Access-Control-Allow-Methods", String.join(", ", rule.methods()));
        if (!allowed.equals("*")) {
            res.header("Access-Control-Allow-Credentials", "true");
        }
        if (!rule.exposeHeaders().isEmpty()) {
            res.header("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
        }
    }

    private Optional<CorsRules> rules(String bucket) {
        return buckets.bucket(bucket).setting(SETTING).map(CorsRules::fromXml);
    }
}

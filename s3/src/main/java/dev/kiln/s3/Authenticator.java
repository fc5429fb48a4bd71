package dev.kiln.s3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Verifies AWS Signature Version 4 on a request: the {@code Authorization} header, or the presigned query
 * ({@code X-Amz-Signature} with {@code X-Amz-Expires}). Builds the canonical request and string to sign as
 * the SigV4 specification describes and compares signatures; says precisely what is wrong otherwise.
 */
final class Authenticator {

    /** S3 refuses requests whose time is more than 15 minutes from its own. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** Presigned URLs live at most 7 days (604,800 s). */
    static final long MAX_EXPIRES_SECONDS = 604_800;

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The outcome: who signed, and how the body is to be checked. */
    record Result(String accessKeyId, Payload payload) {
    }

    private final Function<String, Optional<String>> secrets;
    private final Clock clock;

    /**
     * @param secrets the secret of an access key id, if the key exists
     * @param clock the time requests are checked against
     */
    Authenticator(Function<String, Optional<String>> secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** @throws S3Exception with the S3 error that fits what is wrong */
    Result authenticate(S3Request request) {
        Optional<String> authorization = request.header("authorization");
        if (authorization.isPresent()) {
            return headerAuth(request, authorization.get());
        }
        if (request.hasQuery("X-Amz-Signature") || request.hasQuery("X-Amz-Credential")) {
            return presignedAuth(request);
        }
        if (request.hasQuery("Signature") || request.hasQuery("AWSAccessKeyId")) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Signature Version 2 is not supported; sign with AWS4-HMAC-SHA256");
        }
        throw new S3Exception(S3Error.ACCESS_DENIED, "Anonymous access is not allowed: sign the request with AWS Signature Version 4");
    }

    private Result headerAuth(S3Request request, String authorization) {
        if (!authorization.startsWith(SigV4.ALGORITHM + " ")) {
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "The authorization mechanism you have provided is not supported. Please use " + SigV4.ALGORITHM + ".");
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : authorization.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new S3Exception(S3Error.AUTHORIZATION_HEADER_MALFORMED, "malformed Authorization component '" + p + "'");
            }
            fields.put(p.substring(0, eq), p.substring(eq + 1));
        }
        for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
            if (!fields.containsKey(required)) {
                throw new S3Exception(S3Error.AUTHORIZATION_HEADER_MALFORMED, "the Authorization header has no " + required);
            }
        }
        String amzDate = request.header("x-amz-date").or(() -> dateHeader(request)).orElseThrow(() -> new S3Exception(
                S3Error.ACCESS_DENIED, "AWS authentication requires a valid Date or x-amz-date header"));
        Instant signedAt = parseAmzDate(amzDate, S3Error.ACCESS_DENIED);
        Scope scope = Scope.parse(fields.get("Credential"), amzDate, S3Error.AUTHORIZATION_HEADER_MALFORMED);
        checkSkew(signedAt);
        String secret = secretOf(scope.accessKeyId());
        String contentSha256 = request.header("x-amz-content-sha256").orElseThrow(() -> new S3Exception(S3Error.INVALID_REQUEST,
                "Missing required header for this request: x-amz-content-sha256"));
        List<String> signedHeaders = signedHeaders(fields.get("SignedHeaders"), request, S3Error.AUTHORIZATION_HEADER_MALFORMED);
        String canonical = canonicalRequest(request, signedHeaders, contentSha256, null);
        byte[] key = SigV4.signingKey(secret, scope.date(), scope.region(), scope.service());
        String signature = verify(key, amzDate, scope, canonical, fields.get("Signature"));
        return new Result(scope.accessKeyId(), payload(request, contentSha256, key, amzDate, scope, signature));
    }

    private Result presignedAuth(S3Request request) {
        String algorithm = requiredQuery(request, "X-Amz-Algorithm");
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-Algorithm only supports \"" + SigV4.ALGORITHM + "\", got \"" + algorithm + "\"");
        }
        String amzDate = requiredQuery(request, "X-Amz-Date");
        Instant signedAt = parseAmzDate(amzDate, S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        Scope scope = Scope.parse(requiredQuery(request, "X-Amz-Credential"), amzDate, S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        long expires;
        try {
            expires = Long.parseLong(requiredQuery(request, "X-Amz-Expires"));
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, "X-Amz-Expires should be a number");
        }
        if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
            throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-Expires must be between 1 and " + MAX_EXPIRES_SECONDS + " seconds, got " + expires);
        }
        Instant now = clock.instant();
        if (now.isAfter(signedAt.plusSeconds(expires))) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Request has expired: signed at " + signedAt + " for " + expires
                    + " s, now " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Request is not valid yet: signed at " + signedAt + ", now " + now);
        }
        String secret = secretOf(scope.accessKeyId());
        String contentSha256 = request.query("X-Amz-Content-Sha256").or(() -> request.header("x-amz-content-sha256"))
                .orElse(SigV4.UNSIGNED_PAYLOAD);
        List<String> signedHeaders = signedHeaders(requiredQuery(request, "X-Amz-SignedHeaders"), request,
                S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        String canonical = canonicalRequest(request, signedHeaders, contentSha256, "X-Amz-Signature");
        byte[] key = SigV4.signingKey(secret, scope.date(), scope.region(), scope.service());
        String signature = verify(key, amzDate, scope, canonical, requiredQuery(request, "X-Amz-Signature"));
        return new Result(scope.accessKeyId(), payload(request, contentSha256, key, amzDate, scope, signature));
    }

    private static String verify(byte[] key, String amzDate, Scope scope, String canonical, String given) {
        String stringToSign = SigV4.ALGORITHM + "\n" + amzDate + "\n" + scope.value() + "\n" + SigV4.sha256Hex(canonical);
        String expected = SigV4.signature(key, stringToSign);
        if (!SigV4.sameSignature(expected, given)) {
            throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH, "The request signature we calculated does not match the "
                    + "signature you provided. Check your key and signing method. Canonical request:\n" + canonical);
        }
        return expected;
    }

    private Payload payload(S3Request request, String contentSha256, byte[] key, String amzDate, Scope scope, String signature) {
        return switch (contentSha256) {
            case SigV4.UNSIGNED_PAYLOAD -> new Payload.Unsigned();
            case SigV4.STREAMING_SIGNED -> new Payload.SignedChunks(key, amzDate, scope.value(), signature, decodedLength(request), false);
            case SigV4.STREAMING_SIGNED_TRAILER -> new Payload.SignedChunks(key, amzDate, scope.value(), signature, decodedLength(request), true);
            case SigV4.STREAMING_UNSIGNED_TRAILER -> new Payload.UnsignedChunks(decodedLength(request));
            default -> {
                if (!contentSha256.matches("[0-9a-fA-F]{64}")) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                            + SigV4.STREAMING_SIGNED + "[-TRAILER], " + SigV4.STREAMING_UNSIGNED_TRAILER + " or a hex SHA-256; got '"
                            + contentSha256 + "'");
                }
                yield new Payload.Hashed(contentSha256.toLowerCase(Locale.ROOT));
            }
        };
    }

    private static long decodedLength(S3Request request) {
        String value = request.header("x-amz-decoded-content-length").orElseThrow(() -> new S3Exception(
                S3Error.MISSING_CONTENT_LENGTH, "a streaming (aws-chunked) upload needs x-amz-decoded-content-length"));
        try {
            long length = Long.parseLong(value.trim());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "x-amz-decoded-content-length is not a length: '" + value + "'");
        }
    }

    private String secretOf(String accessKeyId) {
        return secrets.apply(accessKeyId).orElseThrow(() -> new S3Exception(S3Error.INVALID_ACCESS_KEY_ID,
                "The AWS Access Key Id you provided does not exist in our records: " + accessKeyId));
    }

    private void checkSkew(Instant signedAt) {
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new S3Exception(S3Error.REQUEST_TIME_TOO_SKEWED, "The difference between the request time (" + signedAt
                    + ") and the server's time (" + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + ") is more than 15 minutes");
        }
    }

    /**
     * Without {@code x-amz-date}, SigV4 dates a request by its {@code Date} header (an HTTP date), written in
     * the string to sign as an x-amz-date would be.
     */
    private static Optional<String> dateHeader(S3Request request) {
        return request.header("date").flatMap(ObjectHeaders::httpDate).map(AMZ_DATE::format);
    }

    private static Instant parseAmzDate(String value, S3Error error) {
        try {
            return Instant.from(AMZ_DATE.parse(value));
        } catch (DateTimeParseException e) {
            throw new S3Exception(error, "x-amz-date must look like 20260101T120000Z, got '" + value + "'");
        }
    }

    private static String requiredQuery(S3Request request, String name) {
        return request.query(name).orElseThrow(() -> new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                "Query-string authentication requires " + name));
    }

    private static List<String> signedHeaders(String list, S3Request request, S3Error error) {
        List<String> names = List.of(list.split(";"));
        if (!names.contains("host")) {
            throw new S3Exception(error, "SignedHeaders must include host, got '" + list + "'");
        }
        for (String name : names) {
            if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.isEmpty()) {
                throw new S3Exception(error, "SignedHeaders must be lower-case names separated by ';', got '" + list + "'");
            }
            if (request.header(name).isEmpty()) {
                throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH, "signed header '" + name + "' is not in the request");
            }
        }
        return names;
    }

    /**
     * The canonical request (SigV4): method, URI, query, headers, signed header names and payload hash, each
     * on its own line.
     */
    static String canonicalRequest(S3Request request, List<String> signedHeaders, String payloadHash, String skipParameter) {
        StringBuilder out = new StringBuilder(256);
        out.append(request.method()).append('\n');
        out.append(canonicalUri(request.rawPath())).append('\n');
        out.append(canonicalQuery(request, skipParameter)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = request.headers().get(name);
            List<String> trimmed = new ArrayList<>(values.size());
            for (String v : values) {
                trimmed.add(v.trim().replaceAll("\\s+", " "));
            }
            out.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        out.append('\n').append(String.join(";", signedHeaders)).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    /**
     * The path decoded, then encoded once with {@code /} kept, as S3 does: clients differ in which characters
     * they escape on the wire (the AWS SDK sends the second slash of {@code //} as {@code %2F} but signs it
     * as {@code /}), and all of them sign the key itself.
     */
    static String canonicalUri(String rawPath) {
        return rawPath.isEmpty() ? "/" : SigV4.uriEncode(SigV4.percentDecode(rawPath), true);
    }

    static String canonicalQuery(S3Request request, String skipParameter) {
        List<String[]> encoded = new ArrayList<>();
        for (Map.Entry<String, String> e : request.queryParameters()) {
            if (!e.getKey().equals(skipParameter)) {
                encoded.add(new String[] {SigV4.uriEncode(e.getKey(), false), SigV4.uriEncode(e.getValue(), false)});
            }
        }
        encoded.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder();
        for (String[] p : encoded) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /** The credential scope: {@code AKID/yyyyMMdd/region/s3/aws4_request}. */
    record Scope(String accessKeyId, String date, String region, String service) {

        String value() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }

        static Scope parse(String credential, String amzDate, S3Error error) {
            String[] parts = credential.split("/");
            if (parts.length != 5 || parts[0].isEmpty() || !parts[4].equals("aws4_request")) {
                throw new S3Exception(error, "Credential must be <access key id>/<date>/<region>/s3/aws4_request, got '" + credential + "'");
            }
            if (!parts[3].equals("s3")) {
                throw new S3Exception(error, "the credential scope's service must be 's3', got '" + parts[3] + "'");
            }
            if (!amzDate.startsWith(parts[1])) {
                throw new S3Exception(error, "the credential scope's date " + parts[1] + " is not the day of x-amz-date " + amzDate);
            }
            return new Scope(parts[0], parts[1], parts[2], parts[3]);
        }
    }
}

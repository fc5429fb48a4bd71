package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * SigV4 verification against the worked examples of Amazon S3's Signature Version 4 documentation (the
 * "examplebucket" requests of 2013-05-24, signed with the documentation's example key), and each way a
 * signature can be wrong.
 */
class AuthenticatorTest {

    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Instant SIGNED_AT = Instant.parse("2013-05-24T00:00:00Z");

    private final Authenticator authenticator = at(SIGNED_AT.plusSeconds(60));

    static Authenticator at(Instant now) {
        return new Authenticator(id -> id.equals(KEY_ID) ? Optional.of(SECRET) : Optional.empty(), Clock.fixed(now, ZoneOffset.UTC));
    }

    static Map<String, List<String>> headers(String... nameValues) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return h;
    }

    static S3Request getObjectExample(String signature) {
        return new S3Request("GET", "/test.txt", "", headers(
                "Host", "examplebucket.s3.amazonaws.com",
                "Range", "bytes=0-9",
                "x-amz-content-sha256", SigV4.EMPTY_SHA256,
                "x-amz-date", "20130524T000000Z",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=" + signature));
    }

    @Test
    void headerSignatureOfTheDocumentedGetObjectExampleVerifies() {
        var result = authenticator.authenticate(getObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
        assertThat(result.accessKeyId()).isEqualTo(KEY_ID);
        assertThat(result.payload()).isEqualTo(new Payload.Hashed(SigV4.EMPTY_SHA256));
    }

    @Test
    void oneChangedSignatureCharacterIsSignatureDoesNotMatch() {
        assertThatThrownBy(() -> authenticator.authenticate(getObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb42")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void unknownAccessKeyIsInvalidAccessKeyId() {
        S3Request request = getObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        request.headers().put("authorization", List.of(request.header("authorization").orElseThrow().replace(KEY_ID, "AKIDUNKNOWN")));
        assertThatThrownBy(() -> authenticator.authenticate(request))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_ACCESS_KEY_ID));
    }

    @Test
    void aRequestSignedMoreThanFifteenMinutesAgoIsRequestTimeTooSkewed() {
        assertThatThrownBy(() -> at(SIGNED_AT.plusSeconds(16 * 60)).authenticate(
                getObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.REQUEST_TIME_TOO_SKEWED));
    }

    @Test
    void anUnsignedRequestIsAccessDenied() {
        assertThatThrownBy(() -> authenticator.authenticate(new S3Request("GET", "/", "", headers("Host", "x"))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.ACCESS_DENIED));
    }

    @Test
    void aMalformedAuthorizationHeaderIsAuthorizationHeaderMalformed() {
        S3Request request = new S3Request("GET", "/", "", headers("Host", "x", "x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", SigV4.EMPTY_SHA256, "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"));
        assertThatThrownBy(() -> authenticator.authenticate(request))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.AUTHORIZATION_HEADER_MALFORMED));
    }

    static S3Request presignedExample(String expires) {
        return new S3Request("GET", "/test.txt", "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=" + expires + "&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
                headers("Host", "examplebucket.s3.amazonaws.com"));
    }

    @Test
    void presignedUrlOfTheDocumentedExampleVerifiesWithAnUnsignedPayload() {
        var result = at(SIGNED_AT.plusSeconds(86_000)).authenticate(presignedExample("86400"));
        assertThat(result.payload()).isEqualTo(new Payload.Unsigned());
    }

    @Test
    void presignedUrlPastItsExpiryIsAccessDenied() {
        assertThatThrownBy(() -> at(SIGNED_AT.plusSeconds(86_401)).authenticate(presignedExample("86400")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.ACCESS_DENIED);
                    assertThat(e.getMessage()).contains("expired");
                });
    }

    @Test
    void presignedExpiryOverSevenDaysIsRejected() {
        assertThatThrownBy(() -> authenticator.authenticate(presignedExample("604801")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR));
    }

    @Test
    void presignedUrlWithAChangedParameterDoesNotMatch() {
        assertThatThrownBy(() -> at(SIGNED_AT.plusSeconds(60)).authenticate(presignedExample("86399")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void canonicalUriIsTheDecodedPathEncodedOnceWithSlashesKept() {
        assertThat(Authenticator.canonicalUri("/bucket/a%2Fb/c%20d/e+f")).isEqualTo("/bucket/a/b/c%20d/e%2Bf");
        assertThat(Authenticator.canonicalUri("/bucket/double/%2Fslash")).isEqualTo("/bucket/double//slash");
        assertThat(Authenticator.canonicalUri("/bucket/caf%C3%A9~x")).isEqualTo("/bucket/caf%C3%A9~x");
    }

    @Test
    void canonicalQuerySortsAndGivesValuelessParametersAnEmptyValue() {
        S3Request request = new S3Request("GET", "/b", "prefix=a%2Fb&uploads&max-keys=2", Map.of());
        assertThat(Authenticator.canonicalQuery(request, null)).isEqualTo("max-keys=2&prefix=a%2Fb&uploads=");
    }
}

package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Authentication on the real listener, as the AWS SDK and a bare HTTP client see it. */
class S3AuthTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    @Test
    void anUnknownAccessKeyIsInvalidAccessKeyId403() {
        try (S3Client stranger = fixture.client("0123456789abcdef0123456789abcdef", "secret")) {
            assertThatThrownBy(stranger::listBuckets).isInstanceOfSatisfying(S3Exception.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
            });
        }
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch403() {
        try (S3Client wrong = fixture.client(fixture.key.accessKeyId(), "not-the-secret")) {
            assertThatThrownBy(wrong::listBuckets).isInstanceOfSatisfying(S3Exception.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            });
        }
    }

    @Test
    void aDeletedKeyStopsWorkingAtTheNextRequest() {
        fixture.s3.listBuckets();
        fixture.credentials.delete(fixture.key.accessKeyId());
        assertThatThrownBy(fixture.s3::listBuckets).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId"));
    }

    @Test
    void anAnonymousRequestIsAccessDeniedAsAnS3ErrorDocument() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(fixture.endpoint() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("content-type")).contains("application/xml");
        assertThat(response.body()).contains("<Error><Code>AccessDenied</Code>").contains("<RequestId>");
    }
}

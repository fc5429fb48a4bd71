package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned URLs made by the AWS SDK's S3Presigner, used by a plain HTTP client (query auth, UNSIGNED-PAYLOAD, X-Amz-Expires). */
class S3PresignedTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void bucket() {
        fixture.s3.createBucket(b -> b.bucket("shared"));
        fixture.s3.putObject(b -> b.bucket("shared").key("report.pdf"), RequestBody.fromString("%PDF-1.7 report"));
    }

    URI presignedGet(Duration lifetime) {
        try (S3Presigner presigner = fixture.presigner()) {
            return presigner.presignGetObject(p -> p.signatureDuration(lifetime)
                    .getObjectRequest(g -> g.bucket("shared").key("report.pdf"))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPresignedGetIsServedWithoutOtherCredentials() throws Exception {
        HttpResponse<String> response = get(presignedGet(Duration.ofMinutes(10)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("%PDF-1.7 report");
    }

    @Test
    void aPresignedPutStoresTheUnsignedBody() throws Exception {
        URI uri;
        try (S3Presigner presigner = fixture.presigner()) {
            uri = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(r -> r.bucket("shared").key("upload.txt"))).url().toURI();
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString("uploaded by URL")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("shared").key("upload.txt")).asUtf8String()).isEqualTo("uploaded by URL");
    }

    @Test
    void anExpiredPresignedUrlIsAccessDenied403() throws Exception {
        URI uri = presignedGet(Duration.ofSeconds(60));
        fixture.clock.advance(Duration.ofSeconds(61));
        HttpResponse<String> response = get(uri);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>AccessDenied</Code>").contains("Request has expired");
    }

    @Test
    void aPresignedUrlPointedAtAnotherKeyIsSignatureDoesNotMatch() throws Exception {
        URI uri = URI.create(presignedGet(Duration.ofMinutes(10)).toString().replace("/report.pdf?", "/other.pdf?"));
        HttpResponse<String> response = get(uri);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void aPresignedUrlWithItsExpiryStretchedIsSignatureDoesNotMatch() throws Exception {
        URI uri = URI.create(presignedGet(Duration.ofSeconds(60)).toString().replace("X-Amz-Expires=60", "X-Amz-Expires=6000"));
        HttpResponse<String> response = get(uri);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }
}

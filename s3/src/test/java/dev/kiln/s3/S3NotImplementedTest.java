package dev.kiln.s3;

import static dev.kiln.s3.S3ObjectTest.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/**
 * Every operation the README lists as not served answers 501 NotImplemented, and none of them changes what
 * is stored.
 */
class S3NotImplementedTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    @BeforeEach
    void bucket() {
        fixture.s3.createBucket(b -> b.bucket("data"));
        fixture.s3.putObject(b -> b.bucket("data").key("k"), RequestBody.fromString("v"));
    }

    static void assertNotImplemented(Runnable call) {
        assertS3Error(call, 501, "NotImplemented");
    }

    @Test
    void aclsAndTaggingAreNotImplemented() {
        assertNotImplemented(() -> fixture.s3.getObjectAcl(b -> b.bucket("data").key("k")));
        assertNotImplemented(() -> fixture.s3.putObjectAcl(b -> b.bucket("data").key("k").acl(ObjectCannedACL.PUBLIC_READ)));
        assertNotImplemented(() -> fixture.s3.getBucketAcl(b -> b.bucket("data")));
        assertNotImplemented(() -> fixture.s3.getObjectTagging(b -> b.bucket("data").key("k")));
        assertNotImplemented(() -> fixture.s3.getBucketTagging(b -> b.bucket("data")));
    }

    @Test
    void enablingVersioningIsNotImplemented() {
        assertNotImplemented(() -> fixture.s3.putBucketVersioning(b -> b.bucket("data")
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))));
        assertThat(fixture.s3.getBucketVersioning(b -> b.bucket("data")).status()).isNull();
    }

    @Test
    void lifecyclePolicyAndEncryptionConfigurationAreNotImplemented() {
        assertNotImplemented(() -> fixture.s3.getBucketLifecycleConfiguration(b -> b.bucket("data")));
        assertNotImplemented(() -> fixture.s3.getBucketPolicy(b -> b.bucket("data")));
        assertNotImplemented(() -> fixture.s3.getBucketEncryption(b -> b.bucket("data")));
    }

    @Test
    void getObjectByPartNumberIsNotImplemented() {
        assertNotImplemented(() -> fixture.s3.getObject(b -> b.bucket("data").key("k").partNumber(1)));
    }

    @Test
    void listMultipartUploadsWithADelimiterIsNotImplemented() {
        assertNotImplemented(() -> fixture.s3.listMultipartUploads(b -> b.bucket("data").delimiter("/")));
    }

    @Test
    void sseCHeadersAreNotImplementedAndNothingIsStoredInClear() throws Exception {
        SignedRaw.Reply reply = SignedRaw.send(fixture, SignedRaw.sign(fixture, "PUT", "/data/secret", Map.of(
                "x-amz-server-side-encryption-customer-algorithm", "AES256",
                "x-amz-server-side-encryption-customer-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "x-amz-server-side-encryption-customer-key-MD5", "zZ5FnqcIqUjVwvWmyog4zw=="),
                "secret".getBytes(StandardCharsets.UTF_8), false));
        assertThat(reply.status()).isEqualTo(501);
        assertThat(reply.body()).contains("<Code>NotImplemented</Code>").contains("SSE-C");
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("data").key("secret")), 404, null);

        SignedRaw.Reply read = SignedRaw.send(fixture, SignedRaw.sign(fixture, "GET", "/data/k", Map.of(
                "x-amz-server-side-encryption-customer-algorithm", "AES256"), new byte[0], false));
        assertThat(read.status()).isEqualTo(501);
    }

    @Test
    void virtualHostedAddressingIsNotImplementedAndCreatesNoBucket() throws Exception {
        // path-style, this would be CreateBucket "newbucket"
        for (String host : java.util.List.of("data.localhost", "data.127.0.0.1")) {
            SignedRaw.Reply reply = raw("PUT /newbucket HTTP/1.1\r\nHost: " + host + ":" + fixture.server.port()
                    + "\r\nContent-Length: 0\r\n\r\n");
            assertThat(reply.status()).as(host).isEqualTo(501);
            assertThat(reply.body()).contains("<Code>NotImplemented</Code>").contains("path-style");
        }
        assertS3Error(() -> fixture.s3.headBucket(b -> b.bucket("newbucket")), 404, null);
    }

    @Test
    void browserFormUploadsAreNotImplemented() throws Exception {
        String boundary = "b0undary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nform-upload\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\ncontent\r\n--" + boundary + "--\r\n";
        SignedRaw.Reply reply = raw("POST /data HTTP/1.1\r\nHost: 127.0.0.1:" + fixture.server.port()
                + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + form.length()
                + "\r\nConnection: close\r\n\r\n" + form);
        assertThat(reply.status()).isEqualTo(501);
        assertThat(reply.body()).contains("<Code>NotImplemented</Code>");
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("data").key("form-upload")), 404, null);
    }

    private SignedRaw.Reply raw(String request) throws Exception {
        try (Socket socket = SignedRaw.connect(fixture)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return SignedRaw.read(socket.getInputStream());
        }
    }
}

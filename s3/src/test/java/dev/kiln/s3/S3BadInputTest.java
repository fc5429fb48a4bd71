package dev.kiln.s3;

import static dev.kiln.s3.S3ObjectTest.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Bad input on the real listener: malformed XML, tampered chunk signatures, bodies that do not match their
 * hash, truncated bodies and clients that hang up mid-upload. Each gets a precise S3 error, nothing
 * half-written becomes visible, and the next request works.
 */
class S3BadInputTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    @BeforeEach
    void bucket() {
        fixture.s3.createBucket(b -> b.bucket("bkt"));
        fixture.s3.putObject(b -> b.bucket("bkt").key("keep"), RequestBody.fromString("kept"));
    }

    void assertStillServing() {
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("bkt").key("keep")).asUtf8String()).isEqualTo("kept");
    }

    void assertAbsent(String key) {
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("bkt").key(key)), 404, null);
    }

    /** Nothing staged stays behind in the bucket's tmp/ directory once the failed upload is over. */
    void assertNoStagedLeftovers() {
        Path tmp = fixture.stateDir.resolve("r2").resolve("bkt").resolve("tmp");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Stream<Path> files = Files.exists(tmp) ? Files.list(tmp) : Stream.empty()) {
                assertThat(files.toList()).isEmpty();
            }
        });
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSignedPutWithContentLengthMinusOneIs400AndStoresNothing() throws IOException {
        SignedRaw.Wire wire = SignedRaw.sign(fixture, "PUT", "/bkt/negative", Map.of(), bytes("abc"), false);
        String head = new String(wire.head(), StandardCharsets.ISO_8859_1).replace("Content-Length: 3\r\n", "Content-Length: -1\r\n");
        assertThat(head).contains("Content-Length: -1");
        try (Socket socket = SignedRaw.connect(fixture)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(wire.body());
            out.flush();
            SignedRaw.Reply reply = SignedRaw.read(socket.getInputStream());
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.headers()).containsEntry("connection", "close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertAbsent("negative");
        assertStillServing();
    }

    @Test
    void malformedDeleteObjectsXmlIsMalformedXml400AndDeletesNothing() throws IOException {
        var reply = SignedRaw.send(fixture, SignedRaw.sign(fixture, "POST", "/bkt?delete", Map.of(),
                bytes("<Delete><Object><Key>keep</Key></Object>"), false));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("<Code>MalformedXML</Code>");
        assertStillServing();
    }

    @Test
    void anXxeDocumentIsMalformedXml() throws IOException {
        var reply = SignedRaw.send(fixture, SignedRaw.sign(fixture, "POST", "/bkt?delete", Map.of(),
                bytes("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&x;</Key></Object></Delete>"),
                false));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("<Code>MalformedXML</Code>").doesNotContain("root:");
        assertStillServing();
    }

    @Test
    void malformedCompleteMultipartXmlIsMalformedXmlAndTheUploadStaysOpen() throws IOException {
        String uploadId = fixture.s3.createMultipartUpload(b -> b.bucket("bkt").key("mp")).uploadId();
        var reply = SignedRaw.send(fixture, SignedRaw.sign(fixture, "POST", "/bkt/mp?uploadId=" + uploadId, Map.of(),
                bytes("<CompleteMultipartUpload><Part><PartNumber>one</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>"), false));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("<Code>MalformedXML</Code>");
        assertThat(fixture.s3.listMultipartUploads(b -> b.bucket("bkt")).uploads()).hasSize(1);
    }

    @Test
    void aStreamingUploadSignedByTheSdkSignerIsStored() throws IOException {
        byte[] content = S3MultipartTest.random(200_000, 9);
        var reply = SignedRaw.send(fixture, SignedRaw.sign(fixture, "PUT", "/bkt/streamed", Map.of(), content, true));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("bkt").key("streamed")).asByteArray()).isEqualTo(content);
    }

    @Test
    void aTamperedChunkIsSignatureDoesNotMatch403AndNothingIsStored() throws IOException {
        byte[] content = S3MultipartTest.random(200_000, 10);
        SignedRaw.Wire wire = SignedRaw.sign(fixture, "PUT", "/bkt/tampered", Map.of(), content, true);
        byte[] body = wire.body().clone();
        body[body.length / 2] ^= 1; // a data byte of a middle chunk
        var reply = SignedRaw.send(fixture, new SignedRaw.Wire(wire.head(), body));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertAbsent("tampered");
        assertNoStagedLeftovers();
        assertStillServing();
    }

    @Test
    void aBodyThatDoesNotMatchItsSignedSha256IsXAmzContentSha256Mismatch() throws IOException {
        SignedRaw.Wire wire = SignedRaw.sign(fixture, "PUT", "/bkt/hashed", Map.of(), bytes("the signed body"), false);
        var reply = SignedRaw.send(fixture, new SignedRaw.Wire(wire.head(), bytes("another  body!!")));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("<Code>XAmzContentSHA256Mismatch</Code>");
        assertAbsent("hashed");
        assertStillServing();
    }

    @Test
    void aTruncatedBodyIsIncompleteBodyAndNothingIsStored() throws IOException {
        byte[] content = S3MultipartTest.random(100_000, 11);
        SignedRaw.Wire wire = SignedRaw.sign(fixture, "PUT", "/bkt/truncated", Map.of(), content, false);
        var reply = sendCutShort(wire, 40_000); // 60,000 bytes short
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("<Code>IncompleteBody</Code>");
        assertAbsent("truncated");
        assertNoStagedLeftovers();
        assertStillServing();
    }

    @Test
    void aTruncatedStreamingBodyIsIncompleteBody() throws IOException {
        byte[] content = S3MultipartTest.random(150_000, 12);
        SignedRaw.Wire wire = SignedRaw.sign(fixture, "PUT", "/bkt/cut", Map.of(), content, true);
        var reply = sendCutShort(wire, 70_000);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("<Code>IncompleteBody</Code>");
        assertAbsent("cut");
        assertStillServing();
    }

    @Test
    void aClientHangingUpMidUploadLeavesNothingVisibleOrStaged() throws IOException {
        byte[] content = S3MultipartTest.random(8 * 1024 * 1024, 13);
        SignedRaw.Wire wire = SignedRaw.sign(fixture, "PUT", "/bkt/abandoned", Map.of(), content, true);
        try (Socket socket = SignedRaw.connect(fixture)) {
            socket.setSoLinger(true, 0); // reset, as a crashed client would
            OutputStream out = socket.getOutputStream();
            out.write(wire.head());
            out.write(wire.body(), 0, 3 * 1024 * 1024);
            out.flush();
            Path tmp = fixture.stateDir.resolve("r2").resolve("bkt").resolve("tmp");
            await("the upload is being staged").atMost(Duration.ofSeconds(10)).until(() -> {
                try (Stream<Path> files = Files.list(tmp)) {
                    return files.findAny().isPresent();
                }
            });
        }
        assertNoStagedLeftovers();
        assertAbsent("abandoned");
        assertStillServing();
    }

    @Test
    void aClientHangingUpMidPartLeavesTheUploadWithoutThatPart() throws IOException {
        String uploadId = fixture.s3.createMultipartUpload(b -> b.bucket("bkt").key("mp")).uploadId();
        byte[] content = S3MultipartTest.random(6 * 1024 * 1024, 14);
        SignedRaw.Wire wire = SignedRaw.sign(fixture, "PUT", "/bkt/mp?partNumber=1&uploadId=" + uploadId, Map.of(), content, true);
        try (Socket socket = SignedRaw.connect(fixture)) {
            socket.setSoLinger(true, 0);
            socket.getOutputStream().write(wire.head());
            socket.getOutputStream().write(wire.body(), 0, 2 * 1024 * 1024);
            socket.getOutputStream().flush();
        }
        assertNoStagedLeftovers();
        assertThat(fixture.s3.listParts(b -> b.bucket("bkt").key("mp").uploadId(uploadId)).parts()).isEmpty();
        fixture.s3.uploadPart(b -> b.bucket("bkt").key("mp").uploadId(uploadId).partNumber(1), RequestBody.fromBytes(new byte[] {1}));
        assertThat(fixture.s3.listParts(b -> b.bucket("bkt").key("mp").uploadId(uploadId)).parts()).hasSize(1);
    }

    @Test
    void aRequestSignedTwentyMinutesAgoIsRequestTimeTooSkewed() throws IOException {
        SignedRaw.Wire wire = SignedRaw.sign(fixture, "GET", "/bkt/keep", Map.of(), new byte[0], false);
        fixture.clock.advance(Duration.ofMinutes(20));
        var reply = SignedRaw.send(fixture, wire);
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("<Code>RequestTimeTooSkewed</Code>");
    }

    @Test
    void anUnsupportedSubresourceIsNotImplemented501() throws IOException {
        var reply = SignedRaw.send(fixture, SignedRaw.sign(fixture, "GET", "/bkt?acl", Map.of(), new byte[0], false));
        assertThat(reply.status()).isEqualTo(501);
        assertThat(reply.body()).contains("<Code>NotImplemented</Code>");
    }

    @Test
    void aKeyLongerThan1024BytesIsKeyTooLongError() {
        String key = "k".repeat(1025);
        assertS3Error(() -> fixture.s3.putObject(b -> b.bucket("bkt").key(key), RequestBody.fromString("x")), 400, "KeyTooLongError");
    }

    /** Sends the request's head and only the first {@code length} bytes of its body, then ends the upload there. */
    private SignedRaw.Reply sendCutShort(SignedRaw.Wire wire, int length) throws IOException {
        try (Socket socket = SignedRaw.connect(fixture)) {
            OutputStream out = socket.getOutputStream();
            out.write(wire.head());
            out.write(wire.body(), 0, length);
            out.flush();
            socket.shutdownOutput();
            return SignedRaw.read(socket.getInputStream());
        }
    }
}

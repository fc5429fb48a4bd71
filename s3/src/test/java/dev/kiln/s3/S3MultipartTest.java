package dev.kiln.s3;

import static dev.kiln.s3.S3ObjectTest.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Multipart uploads through the AWS SDK (bindings.md §4 multipart rules: parts 1-10,000, all but the last
 * equal and at least 5 MiB; the object's etag is the MD5 of the parts' MD5s, then "-N").
 */
class S3MultipartTest {

    static final int MIB = 1024 * 1024;

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    @BeforeEach
    void bucket() {
        fixture.s3.createBucket(b -> b.bucket("big"));
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    String create(String key) {
        return fixture.s3.createMultipartUpload(b -> b.bucket("big").key(key).contentType("video/mp4")).uploadId();
    }

    CompletedPart upload(String key, String uploadId, int number, byte[] content) {
        String etag = fixture.s3.uploadPart(b -> b.bucket("big").key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(content)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    void complete(String key, String uploadId, CompletedPart... parts) {
        fixture.s3.completeMultipartUpload(b -> b.bucket("big").key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    }

    @Test
    void uploadedPartsAreListedAndTheUploadIsOpenButNoObjectIsVisible() throws Exception {
        byte[] one = random(5 * MIB, 1);
        byte[] two = random(123_457, 2);
        String uploadId = create("movie.mp4");
        CompletedPart p1 = upload("movie.mp4", uploadId, 1, one);
        CompletedPart p2 = upload("movie.mp4", uploadId, 2, two);

        assertThat(fixture.s3.listParts(b -> b.bucket("big").key("movie.mp4").uploadId(uploadId)).parts())
                .extracting(Part::partNumber, Part::size, Part::eTag)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, (long) one.length, p1.eTag()),
                        org.assertj.core.groups.Tuple.tuple(2, (long) two.length, p2.eTag()));
        assertThat(fixture.s3.listMultipartUploads(b -> b.bucket("big")).uploads()).extracting(MultipartUpload::uploadId)
                .containsExactly(uploadId);
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("big").key("movie.mp4")), 404, null); // not visible before completion
    }

    @Test
    void completionProducesTheJoinedObject() throws Exception {
        byte[] one = random(5 * MIB, 1);
        byte[] two = random(123_457, 2);
        String uploadId = create("movie.mp4");
        CompletedPart p1 = upload("movie.mp4", uploadId, 1, one);
        CompletedPart p2 = upload("movie.mp4", uploadId, 2, two);
        var result = fixture.s3.completeMultipartUpload(b -> b.bucket("big").key("movie.mp4").uploadId(uploadId)
                .multipartUpload(m -> m.parts(p1, p2)));

        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(MessageDigest.getInstance("MD5").digest(one));
        md5.update(MessageDigest.getInstance("MD5").digest(two));
        String expected = "\"" + HexFormat.of().formatHex(md5.digest()) + "-2\"";
        assertThat(result.eTag()).isEqualTo(expected);

        var got = fixture.s3.getObjectAsBytes(b -> b.bucket("big").key("movie.mp4"));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.writeBytes(one);
        joined.writeBytes(two);
        assertThat(got.asByteArray()).isEqualTo(joined.toByteArray());
        assertThat(got.response().eTag()).isEqualTo(expected);
        assertThat(got.response().contentType()).isEqualTo("video/mp4");
        assertThat(fixture.s3.listMultipartUploads(b -> b.bucket("big")).uploads()).isEmpty();
    }

    @Test
    void aSmallPartBeforeTheLastIsEntityTooSmallAndTheUploadStaysOpen() {
        String uploadId = create("small");
        CompletedPart p1 = upload("small", uploadId, 1, random(MIB, 3));
        CompletedPart p2 = upload("small", uploadId, 2, random(10, 4));
        assertS3Error(() -> complete("small", uploadId, p1, p2), 400, "EntityTooSmall");
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("big").key("small")), 404, null);
        assertThat(fixture.s3.listParts(b -> b.bucket("big").key("small").uploadId(uploadId)).parts()).hasSize(2);
    }

    @Test
    void aWrongPartEtagIsInvalidPartAndPartsOutOfOrderAreInvalidPartOrder() {
        String uploadId = create("k");
        CompletedPart p1 = upload("k", uploadId, 1, random(5 * MIB, 5));
        CompletedPart p2 = upload("k", uploadId, 2, random(10, 6));
        assertS3Error(() -> complete("k", uploadId, p1, CompletedPart.builder().partNumber(2).eTag("\"00000000000000000000000000000000\"").build()),
                400, "InvalidPart");
        assertS3Error(() -> complete("k", uploadId, p1, CompletedPart.builder().partNumber(3).eTag(p2.eTag()).build()), 400, "InvalidPart");
        assertS3Error(() -> complete("k", uploadId, p2, p1), 400, "InvalidPartOrder");
        complete("k", uploadId, p1, p2);
        assertThat(fixture.s3.headObject(b -> b.bucket("big").key("k")).contentLength()).isEqualTo(5 * MIB + 10);
    }

    @Test
    void anUnknownUploadIdIsNoSuchUpload404ForEveryUploadOperation() {
        String ghost = "no-such-upload";
        assertS3Error(() -> upload("k", ghost, 1, new byte[] {1}), 404, "NoSuchUpload");
        assertS3Error(() -> fixture.s3.listParts(b -> b.bucket("big").key("k").uploadId(ghost)), 404, "NoSuchUpload");
        assertS3Error(() -> complete("k", ghost, CompletedPart.builder().partNumber(1).eTag("\"x\"").build()), 404, "NoSuchUpload");
        assertS3Error(() -> fixture.s3.abortMultipartUpload(b -> b.bucket("big").key("k").uploadId(ghost)), 404, "NoSuchUpload");
    }

    @Test
    void anAbortedUploadLeavesNothingAndItsIdIsGone() {
        String uploadId = create("tmp");
        upload("tmp", uploadId, 1, random(100, 7));
        fixture.s3.abortMultipartUpload(b -> b.bucket("big").key("tmp").uploadId(uploadId));
        assertThat(fixture.s3.listMultipartUploads(b -> b.bucket("big")).uploads()).isEmpty();
        assertS3Error(() -> upload("tmp", uploadId, 2, new byte[] {1}), 404, "NoSuchUpload");
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("big").key("tmp")), 404, null);
        fixture.s3.deleteBucket(b -> b.bucket("big"));
    }

    @Test
    void listUploadsPagesByKeyAndUploadId() {
        List<String> ids = List.of(create("a"), create("b"), create("c"));
        var first = fixture.s3.listMultipartUploads(b -> b.bucket("big").maxUploads(2));
        assertThat(first.uploads()).extracting(MultipartUpload::key).containsExactly("a", "b");
        assertThat(first.isTruncated()).isTrue();
        var rest = fixture.s3.listMultipartUploads(b -> b.bucket("big").keyMarker(first.nextKeyMarker())
                .uploadIdMarker(first.nextUploadIdMarker()));
        assertThat(rest.uploads()).extracting(MultipartUpload::uploadId).containsExactly(ids.get(2));
        assertThat(fixture.s3.listMultipartUploads(b -> b.bucket("big").prefix("b")).uploads()).hasSize(1);
    }

    @Test
    void uploadPartCopyTakesARangeOfAnObject() {
        byte[] source = random(5 * MIB + 100, 8);
        fixture.s3.putObject(b -> b.bucket("big").key("source"), RequestBody.fromBytes(source));
        String uploadId = create("assembled");
        var copied = fixture.s3.uploadPartCopy(b -> b.sourceBucket("big").sourceKey("source").destinationBucket("big")
                .destinationKey("assembled").uploadId(uploadId).partNumber(1).copySourceRange("bytes=0-" + (5 * MIB - 1)));
        CompletedPart p1 = CompletedPart.builder().partNumber(1).eTag(copied.copyPartResult().eTag()).build();
        CompletedPart p2 = upload("assembled", uploadId, 2, new byte[] {42});
        complete("assembled", uploadId, p1, p2);
        byte[] got = fixture.s3.getObjectAsBytes(b -> b.bucket("big").key("assembled")).asByteArray();
        assertThat(got).hasSize(5 * MIB + 1);
        assertThat(java.util.Arrays.copyOf(got, 5 * MIB)).isEqualTo(java.util.Arrays.copyOf(source, 5 * MIB));
        assertThat(got[5 * MIB]).isEqualTo((byte) 42);
    }

    @Test
    void aPartNumberOutsideOneToTenThousandIsInvalidArgument() {
        String uploadId = create("n");
        assertS3Error(() -> upload("n", uploadId, 10_001, new byte[] {1}), 400, "InvalidArgument");
        assertS3Error(() -> upload("n", uploadId, 0, new byte[] {1}), 400, "InvalidArgument");
    }
}

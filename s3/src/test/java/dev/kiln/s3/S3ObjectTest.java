package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.kiln.bindings.r2.SingleByteRead;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Object operations through the AWS SDK: put, get (ranges, conditionals), head, copy, delete, DeleteObjects, ListObjectsV2. */
class S3ObjectTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    @BeforeEach
    void bucket() {
        fixture.s3.createBucket(b -> b.bucket("data"));
    }

    void put(String key, String text) {
        fixture.s3.putObject(b -> b.bucket("data").key(key), RequestBody.fromString(text));
    }

    static String md5Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    static void assertS3Error(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            if (code != null) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            }
        });
    }

    @Test
    void aPutObjectIsReadBackWithItsMetadataAndAnMd5Etag() throws Exception {
        byte[] content = "hello, kiln".getBytes(StandardCharsets.UTF_8);
        var put = fixture.s3.putObject(b -> b.bucket("data").key("dir/hello file.txt").contentType("text/plain")
                .cacheControl("max-age=60").metadata(Map.of("owner", "ana")), RequestBody.fromBytes(content));
        assertThat(put.eTag()).isEqualTo("\"" + md5Hex(content) + "\"");

        ResponseBytes<GetObjectResponse> got = fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("dir/hello file.txt"));
        assertThat(got.asByteArray()).isEqualTo(content);
        assertThat(got.response().contentType()).isEqualTo("text/plain");
        assertThat(got.response().cacheControl()).isEqualTo("max-age=60");
        assertThat(got.response().metadata()).containsEntry("owner", "ana");
        assertThat(got.response().eTag()).isEqualTo(put.eTag());

        HeadObjectResponse head = fixture.s3.headObject(b -> b.bucket("data").key("dir/hello file.txt"));
        assertThat(head.contentLength()).isEqualTo(content.length);
        assertThat(head.lastModified()).isBefore(Instant.now().plusSeconds(1));
        assertThat(head.metadata()).containsEntry("owner", "ana");
    }

    @Test
    void anEmptyObjectRoundTrips() {
        put("empty", "");
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("empty")).asByteArray()).isEmpty();
        assertThat(fixture.s3.headObject(b -> b.bucket("data").key("empty")).contentLength()).isZero();
    }

    /** A deterministic stream of pseudo-random bytes, so 64 MiB never sits in the test's memory either. */
    static java.io.InputStream generated(long size) {
        return new java.io.InputStream() {
            private final java.util.Random random = new java.util.Random(64);
            private long left = size;

            @Override
            public int read() throws java.io.IOException {
                return SingleByteRead.via(this);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    @Test
    void aSixtyFourMebibyteObjectStreamsInAndOutIntact() throws Exception {
        long size = 64L * 1024 * 1024;
        MessageDigest sent = MessageDigest.getInstance("MD5");
        try (var in = new java.security.DigestInputStream(generated(size), sent)) {
            var put = fixture.s3.putObject(b -> b.bucket("data").key("big.bin"),
                    RequestBody.fromContentProvider(() -> in, size, "application/octet-stream"));
            assertThat(put.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(sent.digest()) + "\"");
        }
        MessageDigest received = MessageDigest.getInstance("MD5");
        long read = 0;
        try (var in = fixture.s3.getObject(b -> b.bucket("data").key("big.bin"))) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.update(buffer, 0, n);
                read += n;
            }
            assertThat(in.response().contentLength()).isEqualTo(size);
        }
        assertThat(read).isEqualTo(size);
        assertThat("\"" + HexFormat.of().formatHex(received.digest()) + "\"")
                .isEqualTo(fixture.s3.headObject(b -> b.bucket("data").key("big.bin")).eTag());
    }

    @Test
    void keysWithReservedAndNonAsciiCharactersRoundTrip() {
        List<String> keys = List.of("a+b=c&d", "spaces and %percent%", "caf\u00e9/\u65e5\u672c", "semi;colon,comma", "slash/%2F/literal",
                "double//slash", "dir/", "./dot", "../up", "a/../b", "tab\there", "quote\"<xml>&'");
        for (String key : keys) {
            put(key, key);
            assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key(key)).asUtf8String()).isEqualTo(key);
        }
        assertThat(fixture.s3.listObjectsV2(b -> b.bucket("data")).contents()).extracting(S3Object::key)
                .containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void aMissingKeyIsNoSuchKey404() {
        assertThatThrownBy(() -> fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("nope")))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("data").key("nope")), 404, null);
    }

    @Test
    void rangesReturnPartialContentAndAnUnsatisfiableRangeIsInvalidRange416() {
        put("digits", "0123456789");
        var middle = fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("digits").range("bytes=2-4"));
        assertThat(middle.asUtf8String()).isEqualTo("234");
        assertThat(middle.response().contentRange()).isEqualTo("bytes 2-4/10");
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("digits").range("bytes=-3")).asUtf8String()).isEqualTo("789");
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("digits").range("bytes=7-")).asUtf8String()).isEqualTo("789");
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("digits").range("bytes=8-100")).asUtf8String()).isEqualTo("89");
        assertS3Error(() -> fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("digits").range("bytes=10-")), 416, "InvalidRange");
    }

    @Test
    void conditionalGetsAnswer304And412() {
        put("doc", "v1");
        String etag = fixture.s3.headObject(b -> b.bucket("data").key("doc")).eTag();
        assertS3Error(() -> fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("doc").ifNoneMatch(etag)), 304, null);
        assertS3Error(() -> fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("doc").ifMatch("\"0000\"")), 412, "PreconditionFailed");
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("data").key("doc").ifMatch("\"0000\"")), 412, null);
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("doc").ifMatch(etag)).asUtf8String()).isEqualTo("v1");
        assertS3Error(() -> fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("doc")
                .ifModifiedSince(Instant.now().plusSeconds(3600))), 304, null);
    }

    @Test
    void aConditionalPutWithIfNoneMatchStarStoresOnlyOnce() {
        fixture.s3.putObject(b -> b.bucket("data").key("once").ifNoneMatch("*"), RequestBody.fromString("first"));
        assertS3Error(() -> fixture.s3.putObject(b -> b.bucket("data").key("once").ifNoneMatch("*"), RequestBody.fromString("second")),
                412, "PreconditionFailed");
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("once")).asUtf8String()).isEqualTo("first");
    }

    @Test
    void aWrongContentMd5IsBadDigestAndStoresNothing() throws Exception {
        String wrong = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest("other".getBytes(StandardCharsets.UTF_8)));
        assertS3Error(() -> fixture.s3.putObject(b -> b.bucket("data").key("md5").contentMD5(wrong), RequestBody.fromString("content")),
                400, "BadDigest");
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("data").key("md5")), 404, null);
    }

    @Test
    void aChecksumHeaderIsVerifiedAgainstTheBody() {
        byte[] content = "checked".getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        long v = crc.getValue();
        String right = Base64.getEncoder().encodeToString(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
        fixture.s3.putObject(b -> b.bucket("data").key("crc").checksumCRC32(right), RequestBody.fromBytes(content));
        assertS3Error(() -> fixture.s3.putObject(b -> b.bucket("data").key("crc-bad").checksumCRC32("AAAAAA=="),
                RequestBody.fromBytes(content)), 400, "BadDigest");
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("data").key("crc-bad")), 404, null);
    }

    @Test
    void copyKeepsOrReplacesMetadata() {
        fixture.s3.putObject(b -> b.bucket("data").key("src").contentType("text/plain").metadata(Map.of("a", "1")),
                RequestBody.fromString("copy me"));
        fixture.s3.createBucket(b -> b.bucket("other"));
        var copied = fixture.s3.copyObject(b -> b.sourceBucket("data").sourceKey("src").destinationBucket("other").destinationKey("dst"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(fixture.s3.headObject(b -> b.bucket("data").key("src")).eTag());
        var dst = fixture.s3.getObjectAsBytes(b -> b.bucket("other").key("dst"));
        assertThat(dst.asUtf8String()).isEqualTo("copy me");
        assertThat(dst.response().metadata()).containsEntry("a", "1");

        fixture.s3.copyObject(b -> b.sourceBucket("data").sourceKey("src").destinationBucket("data").destinationKey("src")
                .metadataDirective(MetadataDirective.REPLACE).contentType("application/json").metadata(Map.of("b", "2")));
        HeadObjectResponse replaced = fixture.s3.headObject(b -> b.bucket("data").key("src"));
        assertThat(replaced.contentType()).isEqualTo("application/json");
        assertThat(replaced.metadata()).containsExactly(Map.entry("b", "2"));
    }

    @Test
    void copyOntoItselfWithoutChangesIsInvalidRequestAndAMissingSourceIsNoSuchKey() {
        put("self", "x");
        assertS3Error(() -> fixture.s3.copyObject(b -> b.sourceBucket("data").sourceKey("self").destinationBucket("data")
                .destinationKey("self")), 400, "InvalidRequest");
        assertS3Error(() -> fixture.s3.copyObject(b -> b.sourceBucket("data").sourceKey("ghost").destinationBucket("data")
                .destinationKey("x")), 404, "NoSuchKey");
        assertS3Error(() -> fixture.s3.copyObject(b -> b.sourceBucket("data").sourceKey("self").destinationBucket("data")
                .destinationKey("y").copySourceIfMatch("\"0000\"")), 412, "PreconditionFailed");
    }

    @Test
    void deleteRemovesAnObjectAndDeletingAMissingKeySucceeds() {
        put("gone", "x");
        fixture.s3.deleteObject(b -> b.bucket("data").key("gone"));
        fixture.s3.deleteObject(b -> b.bucket("data").key("gone"));
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("data").key("gone")), 404, null);
    }

    @Test
    void deleteObjectsRemovesABatchAndReportsEachKey() {
        for (int i = 0; i < 5; i++) {
            put("k" + i, "v");
        }
        var result = fixture.s3.deleteObjects(b -> b.bucket("data").delete(Delete.builder().objects(
                ObjectIdentifier.builder().key("k0").build(), ObjectIdentifier.builder().key("k1").build(),
                ObjectIdentifier.builder().key("missing").build()).build()));
        assertThat(result.deleted()).extracting(d -> d.key()).containsExactly("k0", "k1", "missing");
        assertThat(fixture.s3.listObjectsV2(b -> b.bucket("data")).contents()).extracting(S3Object::key).containsExactly("k2", "k3", "k4");

        var quiet = fixture.s3.deleteObjects(b -> b.bucket("data").delete(Delete.builder().quiet(true)
                .objects(ObjectIdentifier.builder().key("k2").build()).build()));
        assertThat(quiet.deleted()).isEmpty();
    }

    @Test
    void deleteObjectsOfMoreThanAThousandKeysIsMalformedXmlAndDeletesNothing() {
        put("keep", "v");
        List<ObjectIdentifier> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            keys.add(ObjectIdentifier.builder().key(i == 0 ? "keep" : "k" + i).build());
        }
        assertS3Error(() -> fixture.s3.deleteObjects(b -> b.bucket("data").delete(Delete.builder().objects(keys).build())), 400, "MalformedXML");
        assertThat(fixture.s3.headObject(b -> b.bucket("data").key("keep")).contentLength()).isEqualTo(1);
    }

    @Test
    void listObjectsV2PagesWithPrefixDelimiterContinuationAndStartAfter() {
        for (String key : List.of("a/1", "a/2", "a/b/3", "b/1", "c", "d", "e")) {
            put(key, key);
        }
        ListObjectsV2Response top = fixture.s3.listObjectsV2(b -> b.bucket("data").delimiter("/"));
        assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "b/");
        assertThat(top.contents()).extracting(S3Object::key).containsExactly("c", "d", "e");
        assertThat(top.keyCount()).isEqualTo(5);

        ListObjectsV2Response inA = fixture.s3.listObjectsV2(b -> b.bucket("data").prefix("a/").delimiter("/"));
        assertThat(inA.contents()).extracting(S3Object::key).containsExactly("a/1", "a/2");
        assertThat(inA.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/b/");

        ListObjectsV2Response first = fixture.s3.listObjectsV2(b -> b.bucket("data").maxKeys(3));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.contents()).extracting(S3Object::key).containsExactly("a/1", "a/2", "a/b/3");
        ListObjectsV2Response second = fixture.s3.listObjectsV2(b -> b.bucket("data").maxKeys(3).continuationToken(first.nextContinuationToken()));
        assertThat(second.contents()).extracting(S3Object::key).containsExactly("b/1", "c", "d");
        ListObjectsV2Response third = fixture.s3.listObjectsV2(b -> b.bucket("data").maxKeys(3).continuationToken(second.nextContinuationToken()));
        assertThat(third.contents()).extracting(S3Object::key).containsExactly("e");
        assertThat(third.isTruncated()).isFalse();

        assertThat(fixture.s3.listObjectsV2(b -> b.bucket("data").startAfter("c")).contents()).extracting(S3Object::key)
                .containsExactly("d", "e");
        assertThat(fixture.s3.listObjectsV2(b -> b.bucket("data").maxKeys(0)).contents()).isEmpty();
        assertThat(fixture.s3.listObjectsV2Paginator(b -> b.bucket("data").maxKeys(2)).contents()).hasSize(7);
        S3Object one = fixture.s3.listObjectsV2(b -> b.bucket("data").prefix("c")).contents().get(0);
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.eTag()).startsWith("\"");
    }

    @Test
    void responseOverridesAndUrlEncodedListingsAreHonoured() {
        put("100% done", "x");
        var got = fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("100% done").responseContentType("text/csv")
                .responseContentDisposition("attachment; filename=\"r.csv\""));
        assertThat(got.response().contentType()).isEqualTo("text/csv");
        assertThat(got.response().contentDisposition()).isEqualTo("attachment; filename=\"r.csv\"");
        // the SDK decodes url-encoded keys: a key the server did not encode would not survive that
        var listed = fixture.s3.listObjectsV2(b -> b.bucket("data").encodingType(software.amazon.awssdk.services.s3.model.EncodingType.URL));
        assertThat(listed.contents()).extracting(S3Object::key).containsExactly("100% done");
    }

    @Test
    void listObjectsV1PagesWithMarkers() {
        for (String key : List.of("a", "b", "c")) {
            put(key, key);
        }
        var first = fixture.s3.listObjects(b -> b.bucket("data").maxKeys(2));
        assertThat(first.contents()).extracting(S3Object::key).containsExactly("a", "b");
        assertThat(first.isTruncated()).isTrue();
        var rest = fixture.s3.listObjects(b -> b.bucket("data").marker("b"));
        assertThat(rest.contents()).extracting(S3Object::key).containsExactly("c");
    }
}

package dev.kiln.s3;

import static dev.kiln.s3.S3ObjectTest.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Behaviours a third-party S3 conformance suite checks, each as S3 itself answers: conditional reads,
 * retried completions, copy ranges, listing echoes, odd keys, Date-dated signatures, checksum echoes,
 * unversioned buckets' versions, and deleting a bucket that only has unfinished uploads left.
 */
class S3ConformanceTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    @BeforeEach
    void bucket() {
        fixture.s3.createBucket(b -> b.bucket("data"));
    }

    PutObjectResponse put(String key, String text) {
        return fixture.s3.putObject(b -> b.bucket("data").key(key), RequestBody.fromString(text));
    }

    SignedRaw.Reply get(String pathAndQuery) throws Exception {
        return SignedRaw.send(fixture, SignedRaw.sign(fixture, "GET", pathAndQuery, Map.of(), new byte[0], false));
    }

    @Test
    void aNotModifiedAnswerCarriesTheEtagAndLastModified() {
        String etag = put("k", "v").eTag();
        assertThatThrownBy(() -> fixture.s3.getObject(b -> b.bucket("data").key("k").ifNoneMatch(etag)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(304);
                    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("ETag")).contains(etag);
                    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Last-Modified")).isPresent();
                });
    }

    @Test
    void aRepeatedCompleteMultipartUploadAnswersTheSameSuccess() {
        String uploadId = fixture.s3.createMultipartUpload(b -> b.bucket("data").key("mp")).uploadId();
        String partEtag = fixture.s3.uploadPart(b -> b.bucket("data").key("mp").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("only part")).eTag();
        CompletedPart part = CompletedPart.builder().partNumber(1).eTag(partEtag).build();
        CompleteMultipartUploadResponse first = fixture.s3.completeMultipartUpload(b -> b.bucket("data").key("mp").uploadId(uploadId)
                .multipartUpload(m -> m.parts(part)));
        CompleteMultipartUploadResponse again = fixture.s3.completeMultipartUpload(b -> b.bucket("data").key("mp").uploadId(uploadId)
                .multipartUpload(m -> m.parts(part)));
        assertThat(again.eTag()).isEqualTo(first.eTag()).endsWith("-1\"");
        assertThat(again.location()).isEqualTo(first.location());
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("mp")).asUtf8String()).isEqualTo("only part");

        // an upload id that never existed, or one completed under another key, is still NoSuchUpload
        assertS3Error(() -> fixture.s3.completeMultipartUpload(b -> b.bucket("data").key("other").uploadId(uploadId)
                .multipartUpload(m -> m.parts(part))), 404, "NoSuchUpload");
        assertS3Error(() -> fixture.s3.completeMultipartUpload(b -> b.bucket("data").key("mp").uploadId("0123456789abcdef")
                .multipartUpload(m -> m.parts(part))), 404, "NoSuchUpload");
    }

    @Test
    void concurrentCompletionsOfOneUploadAllAnswerTheSameSuccess() throws Exception {
        String uploadId = fixture.s3.createMultipartUpload(b -> b.bucket("data").key("raced")).uploadId();
        byte[] part1 = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(part1, (byte) 'a');
        String etag1 = fixture.s3.uploadPart(b -> b.bucket("data").key("raced").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(part1)).eTag();
        String etag2 = fixture.s3.uploadPart(b -> b.bucket("data").key("raced").uploadId(uploadId).partNumber(2),
                RequestBody.fromString("tail")).eTag();
        List<CompletedPart> parts = List.of(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                CompletedPart.builder().partNumber(2).eTag(etag2).build());
        int clients = 6;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return fixture.s3.completeMultipartUpload(b -> b.bucket("data").key("raced").uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts))).eTag();
                }));
            }
            start.countDown();
            java.util.Set<String> etags = new java.util.HashSet<>();
            for (var answer : answers) {
                etags.add(answer.get());
            }
            assertThat(etags).singleElement().satisfies(e -> assertThat(e).endsWith("-2\""));
        }
        assertThat(fixture.s3.headObject(b -> b.bucket("data").key("raced")).contentLength()).isEqualTo(part1.length + 4L);
    }

    @Test
    void aCompletedUploadIsForgottenAfterADay() throws Exception {
        String uploadId = fixture.s3.createMultipartUpload(b -> b.bucket("data").key("mp")).uploadId();
        String partEtag = fixture.s3.uploadPart(b -> b.bucket("data").key("mp").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("x")).eTag();
        CompletedPart part = CompletedPart.builder().partNumber(1).eTag(partEtag).build();
        fixture.s3.completeMultipartUpload(b -> b.bucket("data").key("mp").uploadId(uploadId).multipartUpload(m -> m.parts(part)));
        fixture.clock.advance(java.time.Duration.ofHours(25));
        byte[] body = ("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + partEtag
                + "</ETag></Part></CompleteMultipartUpload>").getBytes(StandardCharsets.UTF_8);
        // signed at the server's (moved) time, so it is not refused as skewed
        SignedRaw.Reply reply = SignedRaw.send(fixture, SignedRaw.sign(fixture, "POST", "/data/mp?uploadId=" + uploadId, Map.of(), body,
                false, fixture.clock));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).contains("<Code>NoSuchUpload</Code>");
    }

    @Test
    void anUploadPartCopyRangePastTheSourceOrMalformedIsInvalidArgumentAndCopiesNothing() {
        put("src", "0123456789");
        String uploadId = fixture.s3.createMultipartUpload(b -> b.bucket("data").key("mp")).uploadId();
        for (String range : List.of("bytes=5-10", "bytes=10-12")) {
            assertS3Error(() -> fixture.s3.uploadPartCopy(b -> b.sourceBucket("data").sourceKey("src").destinationBucket("data")
                    .destinationKey("mp").uploadId(uploadId).partNumber(1).copySourceRange(range)), 400, "InvalidArgument");
        }
        for (String range : List.of("bytes=5-", "bytes=-3", "bytes=4-2", "5-6", "bytes=0-1,3-4")) {
            assertS3Error(() -> fixture.s3.uploadPartCopy(b -> b.sourceBucket("data").sourceKey("src").destinationBucket("data")
                    .destinationKey("mp").uploadId(uploadId).partNumber(1).copySourceRange(range)), 400, "InvalidArgument");
        }
        assertThat(fixture.s3.listParts(b -> b.bucket("data").key("mp").uploadId(uploadId)).parts()).isEmpty();

        fixture.s3.uploadPartCopy(b -> b.sourceBucket("data").sourceKey("src").destinationBucket("data")
                .destinationKey("mp").uploadId(uploadId).partNumber(1).copySourceRange("bytes=2-9"));
        assertThat(fixture.s3.listParts(b -> b.bucket("data").key("mp").uploadId(uploadId)).parts().getFirst().size()).isEqualTo(8);
    }

    @Test
    void anEmptyDelimiterIsNotEchoed() throws Exception {
        put("a/b", "1");
        for (String query : List.of("?list-type=2&delimiter=", "?delimiter=", "?versions&delimiter=")) {
            SignedRaw.Reply reply = get("/data" + query);
            assertThat(reply.status()).as(query).isEqualTo(200);
            assertThat(reply.body()).as(query).doesNotContain("Delimiter").contains("<Key>a/b</Key>");
        }
    }

    @Test
    void listObjectsV1EchoesThePrefixAsSentWhileKeysAreUrlEncodedOnRequest() throws Exception {
        put("a b/c", "1");
        SignedRaw.Reply encoded = get("/data?prefix=a%20b%2F&encoding-type=url");
        assertThat(encoded.body()).contains("<Prefix>a b/</Prefix>").contains("<Key>a%20b/c</Key>");
        SignedRaw.Reply plain = get("/data?prefix=a%20b%2F");
        assertThat(plain.body()).contains("<Prefix>a b/</Prefix>").contains("<Key>a b/c</Key>");
    }

    @Test
    void anEmptyContinuationTokenIsTheFirstPage() throws Exception {
        put("k", "1");
        SignedRaw.Reply reply = get("/data?list-type=2&continuation-token=");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("<Key>k</Key>").doesNotContain("<ContinuationToken>");
    }

    @Test
    void aKeyWithAControlCharacterXmlCannotCarryIsInvalidArgument() {
        assertS3Error(() -> fixture.s3.putObject(b -> b.bucket("data").key("a\u0001b"), RequestBody.fromString("x")), 400,
                "InvalidArgument");
        assertS3Error(() -> fixture.s3.getObject(b -> b.bucket("data").key("nul\u0000")), 400, "InvalidArgument");
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("data").key("esc\u001b[0m")), 400, null);
        // those XML can carry are keys like any other
        fixture.s3.putObject(b -> b.bucket("data").key("line\nfeed"), RequestBody.fromString("x"));
        assertThat(fixture.s3.listObjectsV2(b -> b.bucket("data")).contents()).extracting(o -> o.key()).containsExactly("line\nfeed");
    }

    @Test
    void aSignatureDatedByTheDateHeaderIsAccepted() throws Exception {
        put("k", "dated");
        Instant now = fixture.clock.instant();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(now);
        String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        String host = "127.0.0.1:" + fixture.server.port();
        String emptyHash = SigV4.sha256Hex("");
        // SigV4 (no x-amz-date): the string to sign takes the Date header's time in the x-amz-date form
        String canonical = "GET\n/data/k\n\ndate:" + date + "\nhost:" + host + "\nx-amz-content-sha256:" + emptyHash
                + "\n\ndate;host;x-amz-content-sha256\n" + emptyHash;
        String scope = amzDate.substring(0, 8) + "/auto/s3/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + SigV4.sha256Hex(canonical);
        String signature = SigV4.signature(SigV4.signingKey(fixture.key.secretAccessKey(), amzDate.substring(0, 8), "auto", "s3"),
                stringToSign);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fixture.endpoint() + "/data/k"))
                .header("Date", date).header("x-amz-content-sha256", emptyHash)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + fixture.key.accessKeyId() + "/" + scope
                        + ", SignedHeaders=date;host;x-amz-content-sha256, Signature=" + signature).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("dated");
    }

    @Test
    void putObjectEchoesTheChecksumsItVerified() throws Exception {
        byte[] content = "checked content".getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(content);
        String crc32 = Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        PutObjectResponse trailer = fixture.s3.putObject(b -> b.bucket("data").key("t").checksumAlgorithm(ChecksumAlgorithm.CRC32),
                RequestBody.fromBytes(content));
        assertThat(trailer.checksumCRC32()).isEqualTo(crc32);

        String sha256 = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        SignedRaw.Reply header = SignedRaw.send(fixture, SignedRaw.sign(fixture, "PUT", "/data/h", Map.of("x-amz-checksum-sha256", sha256),
                content, false));
        assertThat(header.status()).isEqualTo(200);
        assertThat(header.headers()).containsEntry("x-amz-checksum-sha256", sha256);

        SignedRaw.Reply none = SignedRaw.send(fixture, SignedRaw.sign(fixture, "PUT", "/data/n", Map.of(), content, false));
        assertThat(none.headers().keySet()).noneMatch(h -> h.startsWith("x-amz-checksum-"));
    }

    @Test
    void anUnversionedBucketListsEveryObjectAsItsNullVersion() {
        put("a", "1");
        put("b/c", "22");
        put("d", "333");
        put("e sp+ce%", "4");
        ListObjectVersionsResponse all = fixture.s3.listObjectVersions(b -> b.bucket("data"));
        assertThat(all.versions()).extracting(ObjectVersion::key).containsExactly("a", "b/c", "d", "e sp+ce%");
        assertThat(all.versions()).allSatisfy(v -> {
            assertThat(v.versionId()).isEqualTo("null");
            assertThat(v.isLatest()).isTrue();
        });
        assertThat(all.versions().get(2).size()).isEqualTo(3);
        assertThat(all.deleteMarkers()).isEmpty();

        ListObjectVersionsResponse first = fixture.s3.listObjectVersions(b -> b.bucket("data").maxKeys(1).delimiter("/"));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.nextKeyMarker()).isEqualTo("a");
        ListObjectVersionsResponse second = fixture.s3.listObjectVersions(b -> b.bucket("data").delimiter("/")
                .keyMarker(first.nextKeyMarker()).versionIdMarker(first.nextVersionIdMarker()));
        assertThat(second.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("b/");
        assertThat(second.versions()).extracting(ObjectVersion::key).containsExactly("d", "e sp+ce%");

        // the version id listed is one that reads and deletes take
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("a").versionId("null")).asUtf8String()).isEqualTo("1");
        fixture.s3.deleteObject(b -> b.bucket("data").key("a").versionId("null"));
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("data").key("a")), 404, null);
        assertThat(fixture.s3.getBucketVersioning(b -> b.bucket("data")).status()).isNull();
    }

    @Test
    void aVersionOtherThanNullDoesNotExist() {
        put("k", "latest");
        assertS3Error(() -> fixture.s3.getObject(b -> b.bucket("data").key("k").versionId("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")), 404,
                "NoSuchVersion");
        assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("data").key("k").versionId("v1")), 404, null);
        assertS3Error(() -> fixture.s3.deleteObject(b -> b.bucket("data").key("k").versionId("v1")), 404, "NoSuchVersion");
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String()).isEqualTo("latest");
        assertS3Error(() -> fixture.s3.copyObject(b -> b.sourceBucket("data").sourceKey("k").sourceVersionId("v1")
                .destinationBucket("data").destinationKey("copy")), 404, "NoSuchVersion");
        fixture.s3.copyObject(b -> b.sourceBucket("data").sourceKey("k").sourceVersionId("null").destinationBucket("data")
                .destinationKey("copy"));
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("copy")).asUtf8String()).isEqualTo("latest");

        var deleted = fixture.s3.deleteObjects(b -> b.bucket("data").delete(d -> d.objects(
                o -> o.key("k").versionId("v1"), o -> o.key("copy").versionId("null"))));
        assertThat(deleted.errors()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("k");
            assertThat(e.code()).isEqualTo("NoSuchVersion");
        });
        assertThat(deleted.deleted()).extracting(d -> d.key()).containsExactly("copy");
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("data").key("k")).asUtf8String()).isEqualTo("latest");
        assertS3Error(() -> fixture.s3.listObjectVersions(b -> b.bucket("data").versionIdMarker("null")), 400, "InvalidArgument");
    }

    @Test
    void deleteBucketDiscardsUnfinishedUploadsWhenNoObjectIsLeft() {
        fixture.s3.createBucket(b -> b.bucket("uploads-only"));
        String uploadId = fixture.s3.createMultipartUpload(b -> b.bucket("uploads-only").key("big")).uploadId();
        fixture.s3.uploadPart(b -> b.bucket("uploads-only").key("big").uploadId(uploadId).partNumber(1), RequestBody.fromString("p"));
        fixture.s3.deleteBucket(b -> b.bucket("uploads-only"));
        assertS3Error(() -> fixture.s3.headBucket(b -> b.bucket("uploads-only")), 404, null);
        assertThat(fixture.stateDir.resolve("r2").resolve("uploads-only")).doesNotExist();
    }

    @Test
    void deleteBucketWithObjectsIsBucketNotEmptyAndKeepsItsUploads() {
        put("k", "v");
        String uploadId = fixture.s3.createMultipartUpload(b -> b.bucket("data").key("big")).uploadId();
        assertS3Error(() -> fixture.s3.deleteBucket(b -> b.bucket("data")), 409, "BucketNotEmpty");
        assertThat(fixture.s3.listMultipartUploads(b -> b.bucket("data")).uploads()).extracting(u -> u.uploadId())
                .containsExactly(uploadId);
    }
}

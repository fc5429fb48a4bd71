package dev.kiln.bindings.r2;

import dev.kiln.spi.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.kiln.api.Body;
import dev.kiln.api.Headers;
import dev.kiln.api.R2Bucket;
import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2Checksums.Algorithm;
import dev.kiln.api.R2Conditional;
import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import dev.kiln.api.R2GetOptions;
import dev.kiln.api.R2HttpMetadata;
import dev.kiln.api.R2ListOptions;
import dev.kiln.api.R2MultipartOptions;
import dev.kiln.api.R2MultipartUpload;
import dev.kiln.api.R2Object;
import dev.kiln.api.R2ObjectBody;
import dev.kiln.api.R2Objects;
import dev.kiln.api.R2PutOptions;
import dev.kiln.api.R2Range;
import dev.kiln.api.R2UploadedPart;
import dev.kiln.spi.Backend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The R2 contract (bindings.md §4) every storage backend runs. A backend's test supplies a fresh, empty
 * backend; the binding under test is {@link #wrap} of the bucket (the facade itself unless overridden).
 */
public abstract class R2Contract {

    private static final int MIB = 1024 * 1024;

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    protected Backend backend;
    protected R2Buckets buckets;
    protected R2Bucket bucket;
    /** The same bucket through the facade, for what the S3-compatible API uses beyond {@link R2Bucket}. */
    protected R2BucketHandle handle;

    /** @return a new, empty backend (closed after each test) */
    protected abstract Backend newBackend();

    /** @return the binding to test over the bucket (a runtime wraps it with its per-invocation accounting) */
    protected R2Bucket wrap(R2BucketHandle handle) {
        return handle;
    }

    @BeforeEach
    void createBucket() {
        backend = newBackend();
        buckets = new R2Buckets(backend.store(BucketStores.class), clock);
        handle = buckets.bucketCreatingIfMissing("contract-bucket");
        bucket = wrap(handle);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    protected static void assertR2Error(Executable call, R2Error error) {
        assertThatThrownBy(call::execute).isInstanceOf(R2Exception.class)
                .satisfies(e -> {
                    assertThat(((R2Exception) e).error()).isEqualTo(error);
                    assertThat(((R2Exception) e).status()).isEqualTo(error.status());
                });
    }

    private static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String read(String key, R2GetOptions options) {
        R2Object o = bucket.get(key, options).orElseThrow();
        assertThat(o).isInstanceOf(R2ObjectBody.class);
        return ((R2ObjectBody) o).text();
    }

    private static byte[] filled(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    // ---- objects ----

    // bindings.md §4 R2Object: key, version, size, etag (unquoted), httpEtag (quoted), uploaded, checksums.md5
    @Test
    void putReturnsTheObjectAndGetReadsItBack() {
        R2Object put = bucket.put("greeting.txt", "héllo");
        assertThat(put.key()).isEqualTo("greeting.txt");
        assertThat(put.size()).isEqualTo(utf8("héllo").length);
        assertThat(put.etag()).isEqualTo(md5Hex(utf8("héllo")));
        assertThat(put.httpEtag()).isEqualTo("\"" + put.etag() + "\"");
        assertThat(put.uploaded()).isEqualTo(clock.instant());
        assertThat(put.checksums().md5()).hasValue(put.etag());
        assertThat(put.storageClass()).isEqualTo("Standard");
        assertThat(put.range()).isEmpty();
        R2ObjectBody got = bucket.get("greeting.txt").orElseThrow();
        assertThat(got.text()).isEqualTo("héllo");
        assertThat(got.version()).isEqualTo(put.version());
        assertThat(got.etag()).isEqualTo(put.etag());
        assertThat(got.uploaded()).isEqualTo(put.uploaded());
        assertThat(got.bodyUsed()).isTrue();
    }

    // bindings.md §4 head/get: a missing key is null
    @Test
    void aMissingKeyReadsAsEmpty() {
        assertThat(bucket.head("nope")).isEmpty();
        assertThat(bucket.get("nope")).isEmpty();
        assertThat(bucket.get("nope", R2GetOptions.range(R2Range.of(0, 1)))).isEmpty();
    }

    // bindings.md §4 head: metadata only
    @Test
    void headReturnsMetadataWithoutContent() {
        bucket.put("k", new byte[] {1, 2, 3});
        R2Object head = bucket.head("k").orElseThrow();
        assertThat(head).isNotInstanceOf(R2ObjectBody.class);
        assertThat(head.size()).isEqualTo(3);
    }

    // bindings.md §4 R2Object.version: unique per upload
    @Test
    void aSecondPutReplacesTheObjectWithANewVersion() {
        R2Object first = bucket.put("k", Body.of("one"), R2PutOptions.NONE.withCustomMetadata(Map.of("a", "1"))).orElseThrow();
        R2Object second = bucket.put("k", "two");
        assertThat(second.version()).isNotEqualTo(first.version());
        R2ObjectBody got = bucket.get("k").orElseThrow();
        assertThat(got.text()).isEqualTo("two");
        assertThat(got.customMetadata()).isEmpty();
    }

    // bindings.md §4 put: a null value stores an empty object
    @Test
    void anEmptyValueStoresAnEmptyObject() {
        R2Object put = bucket.put("empty", Body.empty());
        assertThat(put.size()).isZero();
        assertThat(put.etag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(bucket.get("empty").orElseThrow().bytes()).isEmpty();
    }

    // bindings.md §4 put options: httpMetadata, customMetadata; R2Object.writeHttpMetadata
    @Test
    void httpAndCustomMetadataAreStoredAndWrittenAsHeaders() {
        Instant expiry = Instant.parse("2030-01-02T03:04:05Z");
        R2HttpMetadata http = R2HttpMetadata.contentType("text/plain").withContentLanguage("en").withContentDisposition("inline")
                .withContentEncoding("identity").withCacheControl("max-age=60").withCacheExpiry(expiry);
        bucket.put("doc", Body.of("x"), R2PutOptions.NONE.withHttpMetadata(http).withCustomMetadata(Map.of("owner", "ana", "n", "1")));
        R2Object head = bucket.head("doc").orElseThrow();
        assertThat(head.httpMetadata()).isEqualTo(http);
        assertThat(head.customMetadata()).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "ana", "n", "1"));
        Headers.Builder headers = Headers.builder();
        head.writeHttpMetadata(headers);
        Headers written = headers.build();
        assertThat(written.get("content-type")).hasValue("text/plain");
        assertThat(written.get("cache-control")).hasValue("max-age=60");
        assertThat(written.get("expires")).hasValue("Wed, 02 Jan 2030 03:04:05 GMT");
    }

    // bindings.md §4 put options: httpMetadata may be Headers
    @Test
    void httpMetadataCanComeFromHeaders() {
        Headers headers = Headers.of("Content-Type", "image/png", "Cache-Control", "no-store", "X-Other", "ignored");
        bucket.put("img", Body.of("x"), R2PutOptions.NONE.withHttpMetadata(R2HttpMetadata.fromHeaders(headers)));
        assertThat(bucket.head("img").orElseThrow().httpMetadata())
                .isEqualTo(R2HttpMetadata.contentType("image/png").withCacheControl("no-store"));
    }

    // bindings.md §4 put options: storageClass Standard | InfrequentAccess
    @Test
    void storageClassIsStoredAndAnUnknownOneIsInvalidArgument() {
        bucket.put("cold", Body.of("x"), R2PutOptions.NONE.withStorageClass("InfrequentAccess"));
        assertThat(bucket.head("cold").orElseThrow().storageClass()).isEqualTo("InfrequentAccess");
        assertR2Error(() -> bucket.put("k", Body.of("x"), R2PutOptions.NONE.withStorageClass("Glacier")), R2Error.InvalidArgument);
        assertThat(bucket.head("k")).isEmpty();
    }

    // bindings.md §4 delete: missing key is still success
    @Test
    void deleteRemovesAndDeletingAMissingKeySucceeds() {
        bucket.put("k", "v");
        bucket.delete("k");
        bucket.delete("k");
        assertThat(bucket.head("k")).isEmpty();
    }

    // bindings.md §4 delete(keys[≤1000])
    @Test
    void deleteOfManyKeysRemovesEach() {
        bucket.put("a", "1");
        bucket.put("b", "2");
        bucket.put("c", "3");
        bucket.delete(List.of("a", "c", "missing"));
        assertThat(bucket.list().objects()).extracting(R2Object::key).containsExactly("b");
    }

    // bindings.md §4 delete: at most 1000 keys
    @Test
    void deletingMoreThan1000KeysIsInvalidArgument() {
        bucket.put("k0", "v");
        List<String> keys = IntStream.range(0, 1001).mapToObj(i -> "k" + i).toList();
        assertR2Error(() -> bucket.delete(keys), R2Error.InvalidArgument);
        assertThat(bucket.head("k0")).isPresent();
        bucket.delete(keys.subList(0, 1000));
        assertThat(bucket.head("k0")).isEmpty();
    }

    // ---- limits ----

    // bindings.md §4 limits: key ≤ 1,024 B → InvalidObjectName (10020)
    @Test
    void aKeyOver1024BytesIsInvalidObjectName() {
        String max = "é".repeat(512);
        bucket.put(max, "ok");
        assertThat(bucket.head(max)).isPresent();
        String over = max + "x";
        assertR2Error(() -> bucket.put(over, "no"), R2Error.InvalidObjectName);
        assertR2Error(() -> bucket.get(over), R2Error.InvalidObjectName);
        assertR2Error(() -> bucket.head(over), R2Error.InvalidObjectName);
        assertR2Error(() -> bucket.delete(over), R2Error.InvalidObjectName);
        assertThatThrownBy(() -> bucket.put(over, "no")).hasMessageEndingWith("(10020)");
    }

    // bindings.md §4: an empty key is not a valid object name
    @Test
    void anEmptyKeyIsInvalidObjectName() {
        assertR2Error(() -> bucket.put("", "no"), R2Error.InvalidObjectName);
    }

    // bindings.md §4 limits: metadata 8,192 B → MetadataTooLarge (10012)
    @Test
    void customMetadataOver8192BytesIsMetadataTooLarge() {
        bucket.put("fits", Body.of("x"), R2PutOptions.NONE.withCustomMetadata(Map.of("k", "v".repeat(8191))));
        assertR2Error(() -> bucket.put("big", Body.of("x"), R2PutOptions.NONE.withCustomMetadata(Map.of("k", "v".repeat(8192)))),
                R2Error.MetadataTooLarge);
        assertThat(bucket.head("big")).isEmpty();
        assertR2Error(() -> bucket.createMultipartUpload("big", new R2MultipartOptions(R2HttpMetadata.NONE,
                Map.of("k", "v".repeat(8192)), Optional.empty())), R2Error.MetadataTooLarge);
    }

    // ---- checksums ----

    // bindings.md §4 put: md5 checksum verified; mismatch → BadDigest (10037), nothing stored
    @Test
    void aMatchingMd5IsAcceptedAndAMismatchIsBadDigest() {
        byte[] value = utf8("payload");
        R2Object ok = bucket.put("k", Body.of(value), R2PutOptions.NONE.withChecksums(R2Checksums.of(Algorithm.MD5, md5Hex(value)))).orElseThrow();
        assertThat(ok.etag()).isEqualTo(md5Hex(value));
        assertR2Error(() -> bucket.put("k", Body.of("other"), R2PutOptions.NONE.withChecksums(R2Checksums.of(Algorithm.MD5, md5Hex(value)))),
                R2Error.BadDigest);
        assertThat(bucket.get("k").orElseThrow().text()).isEqualTo("payload");
        assertR2Error(() -> bucket.put("new", Body.of("other"), R2PutOptions.NONE.withChecksums(R2Checksums.of(Algorithm.MD5, md5Hex(value)))),
                R2Error.BadDigest);
        assertThat(bucket.head("new")).isEmpty();
    }

    // bindings.md §4 put: checksums as hex or bytes; sha* are verified and reported
    @Test
    void shaChecksumsAreVerifiedAndReported() throws Exception {
        byte[] value = utf8("payload");
        for (Algorithm algorithm : List.of(Algorithm.SHA1, Algorithm.SHA256, Algorithm.SHA384, Algorithm.SHA512)) {
            byte[] digest = MessageDigest.getInstance(algorithm.javaName()).digest(value);
            R2Object put = bucket.put("k", Body.of(value), R2PutOptions.NONE.withChecksums(R2Checksums.of(algorithm, digest))).orElseThrow();
            assertThat(put.checksums().get(algorithm)).hasValue(HexFormat.of().formatHex(digest));
            assertThat(bucket.head("k").orElseThrow().checksums().get(algorithm)).hasValue(HexFormat.of().formatHex(digest));
            byte[] wrong = digest.clone();
            wrong[0] ^= 1;
            assertR2Error(() -> bucket.put("k", Body.of(value), R2PutOptions.NONE.withChecksums(R2Checksums.of(algorithm, wrong))), R2Error.BadDigest);
        }
    }

    // bindings.md §4 put: at most one checksum
    @Test
    void twoChecksumsAreInvalidArgument() {
        byte[] value = utf8("v");
        R2Checksums two = R2Checksums.of(Algorithm.MD5, md5Hex(value)).with(Algorithm.SHA1, "a".repeat(40));
        assertR2Error(() -> bucket.put("k", Body.of(value), R2PutOptions.NONE.withChecksums(two)), R2Error.InvalidArgument);
    }

    // bindings.md §4 put: a checksum of the wrong length is invalid
    @Test
    void aChecksumOfTheWrongLengthIsInvalidArgument() {
        assertR2Error(() -> R2Checksums.of(Algorithm.MD5, "abc"), R2Error.InvalidArgument);
        assertThat(R2Checksums.of(Algorithm.MD5, "1B2M2Y8AsgTpgAmY7PhCfg==").md5()).hasValue("d41d8cd98f00b204e9800998ecf8427e");
    }

    // ---- conditionals ----

    // bindings.md §4 put: failed onlyIf → null, nothing stored
    @Test
    void aPutWhoseConditionFailsReturnsEmptyAndStoresNothing() {
        R2Object v1 = bucket.put("k", "v1");
        Optional<R2Object> refused = bucket.put("k", Body.of("v2"), R2PutOptions.NONE.withOnlyIf(R2Conditional.etagMatches("0123")));
        assertThat(refused).isEmpty();
        assertThat(bucket.get("k").orElseThrow().text()).isEqualTo("v1");
        Optional<R2Object> accepted = bucket.put("k", Body.of("v2"), R2PutOptions.NONE.withOnlyIf(R2Conditional.etagMatches(v1.etag())));
        assertThat(accepted).isPresent();
        assertThat(bucket.get("k").orElseThrow().text()).isEqualTo("v2");
    }

    // bindings.md §4 put: a condition that already fails is answered without reading the value
    @Test
    void aPutWhoseConditionAlreadyFailsDoesNotReadTheValue() {
        bucket.put("k", "v1");
        InputStream unreadable = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the value must not be read");
            }
        };
        assertThat(bucket.put("k", Body.of(unreadable), R2PutOptions.NONE.withOnlyIf(R2Conditional.etagDoesNotMatch("*")))).isEmpty();
        assertThat(bucket.get("k").orElseThrow().text()).isEqualTo("v1");
    }

    // bindings.md §4 R2Conditional: etagDoesNotMatch "*" → create only if absent
    @Test
    void etagDoesNotMatchStarPutsOnlyWhenAbsent() {
        R2PutOptions ifAbsent = R2PutOptions.NONE.withOnlyIf(R2Conditional.etagDoesNotMatch("*"));
        assertThat(bucket.put("k", Body.of("first"), ifAbsent)).isPresent();
        assertThat(bucket.put("k", Body.of("second"), ifAbsent)).isEmpty();
        assertThat(bucket.get("k").orElseThrow().text()).isEqualTo("first");
        assertThat(bucket.put("other", Body.of("x"), R2PutOptions.NONE.withOnlyIf(R2Conditional.etagMatches("*")))).isEmpty();
        assertThat(bucket.head("other")).isEmpty();
    }

    // bindings.md §4 R2Conditional: uploadedBefore / uploadedAfter
    @Test
    void uploadTimeConditionsCompareWithTheStoredObject() {
        bucket.put("k", "v");
        Instant uploaded = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        assertThat(bucket.put("k", Body.of("x"), R2PutOptions.NONE.withOnlyIf(R2Conditional.uploadedBefore(uploaded)))).isEmpty();
        assertThat(bucket.put("k", Body.of("x"), R2PutOptions.NONE.withOnlyIf(R2Conditional.uploadedAfter(uploaded)))).isEmpty();
        assertThat(bucket.get("k", R2GetOptions.onlyIf(R2Conditional.uploadedAfter(uploaded.minusSeconds(1))))).get().isInstanceOf(R2ObjectBody.class);
        assertThat(bucket.put("k", Body.of("y"), R2PutOptions.NONE.withOnlyIf(R2Conditional.uploadedBefore(uploaded.plusMillis(1))))).isPresent();
    }

    // bindings.md §4 get: failed precondition → R2Object without body
    @Test
    void aGetWhoseConditionFailsReturnsTheObjectWithoutBody() {
        R2Object put = bucket.put("k", "v");
        Optional<R2Object> miss = bucket.get("k", R2GetOptions.onlyIf(R2Conditional.etagMatches("nope")));
        assertThat(miss).get().isNotInstanceOf(R2ObjectBody.class);
        assertThat(miss.get().etag()).isEqualTo(put.etag());
        Optional<R2Object> notModified = bucket.get("k", R2GetOptions.onlyIf(R2Conditional.etagDoesNotMatch(put.etag())));
        assertThat(notModified).get().isNotInstanceOf(R2ObjectBody.class);
        assertThat(read("k", R2GetOptions.onlyIf(R2Conditional.etagMatches(put.httpEtag())))).isEqualTo("v");
    }

    // bindings.md §4 R2Conditional as Headers: If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since
    @Test
    void conditionalHeadersAreHonoured() {
        R2Object put = bucket.put("k", "v");
        assertThat(bucket.get("k", R2GetOptions.fromHeaders(Headers.of("If-None-Match", put.httpEtag())))).get()
                .isNotInstanceOf(R2ObjectBody.class);
        assertThat(bucket.get("k", R2GetOptions.fromHeaders(Headers.of("If-Match", "\"other\", " + put.httpEtag())))).get()
                .isInstanceOf(R2ObjectBody.class);
        // Seconds granularity: an HTTP date equal to the upload second is "not modified since".
        assertThat(bucket.get("k", R2GetOptions.fromHeaders(Headers.of("If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT")))).get()
                .isNotInstanceOf(R2ObjectBody.class);
        assertThat(bucket.get("k", R2GetOptions.fromHeaders(Headers.of("If-Unmodified-Since", "Thu, 01 Jan 2026 00:00:00 GMT")))).get()
                .isInstanceOf(R2ObjectBody.class);
        assertThat(bucket.get("k", R2GetOptions.fromHeaders(Headers.of("If-Unmodified-Since", "Wed, 31 Dec 2025 23:59:59 GMT")))).get()
                .isNotInstanceOf(R2ObjectBody.class);
    }

    // ---- ranges ----

    // bindings.md §4 range: {offset, length?} | {offset?, length} | {suffix}
    @Test
    void rangesReadTheRequestedBytes() {
        bucket.put("k", "0123456789");
        assertThat(read("k", R2GetOptions.range(R2Range.of(2, 3)))).isEqualTo("234");
        assertThat(read("k", R2GetOptions.range(R2Range.from(7)))).isEqualTo("789");
        assertThat(read("k", R2GetOptions.range(new R2Range(Optional.empty(), Optional.of(4L), Optional.empty())))).isEqualTo("0123");
        assertThat(read("k", R2GetOptions.range(R2Range.suffix(3)))).isEqualTo("789");
        R2Object ranged = bucket.get("k", R2GetOptions.range(R2Range.of(2, 3))).orElseThrow();
        assertThat(ranged.range()).hasValue(R2Range.of(2, 3));
        assertThat(ranged.size()).isEqualTo(10);
    }

    // bindings.md §4 range: as in HTTP, a length past the end is cut, a suffix past the start is the whole object
    @Test
    void rangesPastTheEndAreCut() {
        bucket.put("k", "0123456789");
        assertThat(read("k", R2GetOptions.range(R2Range.of(8, 100)))).isEqualTo("89");
        assertThat(read("k", R2GetOptions.range(R2Range.suffix(100)))).isEqualTo("0123456789");
    }

    // bindings.md §4 range: unsatisfiable → InvalidRange 416
    @Test
    void anUnsatisfiableRangeIsInvalidRange() {
        bucket.put("k", "0123456789");
        assertR2Error(() -> bucket.get("k", R2GetOptions.range(R2Range.from(10))), R2Error.InvalidRange);
        assertR2Error(() -> bucket.get("k", R2GetOptions.range(R2Range.of(11, 1))), R2Error.InvalidRange);
        assertR2Error(() -> R2Range.of(-1, 2), R2Error.InvalidRange);
        assertThat(read("k", R2GetOptions.NONE)).isEqualTo("0123456789");
    }

    // bindings.md §4 range: Headers with Range (one range: bytes=a-b, a-, -n)
    @Test
    void aRangeHeaderIsParsed() {
        bucket.put("k", "0123456789");
        assertThat(read("k", R2GetOptions.fromHeaders(Headers.of("Range", "bytes=1-3")))).isEqualTo("123");
        assertThat(read("k", R2GetOptions.fromHeaders(Headers.of("Range", "bytes=6-")))).isEqualTo("6789");
        assertThat(read("k", R2GetOptions.fromHeaders(Headers.of("Range", "bytes=-2")))).isEqualTo("89");
        assertR2Error(() -> R2Range.fromHeader("bytes=0-1,3-4"), R2Error.InvalidRange);
        assertR2Error(() -> R2Range.fromHeader("bytes=5-2"), R2Error.InvalidRange);
    }

    // ---- list ----

    // bindings.md §4 list: lexicographic (UTF-8 byte) order
    @Test
    void listIsOrderedByUtf8Bytes() {
        for (String key : List.of("b", "a", "é", "Z", "a/b", "aa")) {
            bucket.put(key, key);
        }
        assertThat(bucket.list().objects()).extracting(R2Object::key).containsExactly("Z", "a", "a/b", "aa", "b", "é");
        assertThat(bucket.list().truncated()).isFalse();
        assertThat(bucket.list().cursor()).isEmpty();
    }

    // bindings.md §4 list: limit, truncated, cursor
    @Test
    void listPagesWithCursorUntilNotTruncated() {
        for (int i = 0; i < 25; i++) {
            bucket.put(String.format("k%02d", i), "v");
        }
        List<String> seen = new ArrayList<>();
        R2ListOptions options = R2ListOptions.ALL.withLimit(10);
        R2Objects page;
        int pages = 0;
        do {
            page = bucket.list(options);
            page.objects().forEach(o -> seen.add(o.key()));
            pages++;
            if (page.truncated()) {
                assertThat(page.cursor()).isPresent();
                options = options.withCursor(page.cursor().get());
            }
        } while (page.truncated());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
    }

    // bindings.md §4 list: limit default and max 1000 → InvalidMaxKeys (10022)
    @Test
    void aListLimitOutside1To1000IsInvalidMaxKeys() {
        assertR2Error(() -> bucket.list(R2ListOptions.ALL.withLimit(0)), R2Error.InvalidMaxKeys);
        assertR2Error(() -> bucket.list(R2ListOptions.ALL.withLimit(1001)), R2Error.InvalidMaxKeys);
        assertThat(bucket.list(R2ListOptions.ALL.withLimit(1000)).objects()).isEmpty();
    }

    // bindings.md §4 list: the default limit is 1000
    @Test
    void theDefaultListLimitIs1000() {
        List<String> keys = IntStream.range(0, 1001).mapToObj(i -> String.format("k%04d", i)).toList();
        keys.forEach(k -> bucket.put(k, Body.empty()));
        R2Objects first = bucket.list();
        assertThat(first.objects()).hasSize(1000);
        assertThat(first.truncated()).isTrue();
        assertThat(bucket.list(R2ListOptions.ALL.withCursor(first.cursor().orElseThrow())).objects()).extracting(R2Object::key)
                .containsExactly("k1000");
    }

    // bindings.md §4 list: prefix, startAfter
    @Test
    void listFiltersByPrefixAndStartAfter() {
        for (String key : List.of("a1", "b1", "b2", "b3", "c1")) {
            bucket.put(key, "v");
        }
        assertThat(bucket.list(R2ListOptions.prefix("b")).objects()).extracting(R2Object::key).containsExactly("b1", "b2", "b3");
        assertThat(bucket.list(R2ListOptions.prefix("b").withStartAfter("b1")).objects()).extracting(R2Object::key).containsExactly("b2", "b3");
        assertThat(bucket.list(R2ListOptions.ALL.withStartAfter("b3")).objects()).extracting(R2Object::key).containsExactly("c1");
    }

    // bindings.md §4 list: with delimiter "/", delimitedPrefixes holds prefixes like "foo/"
    @Test
    void aDelimiterRollsKeysUpIntoDelimitedPrefixes() {
        for (String key : List.of("top.txt", "photos/1.jpg", "photos/2.jpg", "photos/2024/3.jpg", "docs/a", "zeta")) {
            bucket.put(key, "v");
        }
        R2Objects root = bucket.list(R2ListOptions.ALL.withDelimiter("/"));
        assertThat(root.objects()).extracting(R2Object::key).containsExactly("top.txt", "zeta");
        assertThat(root.delimitedPrefixes()).containsExactly("docs/", "photos/");
        R2Objects photos = bucket.list(R2ListOptions.prefix("photos/").withDelimiter("/"));
        assertThat(photos.objects()).extracting(R2Object::key).containsExactly("photos/1.jpg", "photos/2.jpg");
        assertThat(photos.delimitedPrefixes()).containsExactly("photos/2024/");
    }

    // bindings.md §4 list: paging with a delimiter never repeats a prefix; the limit counts prefixes too
    @Test
    void pagingWithADelimiterDoesNotRepeatPrefixes() {
        for (String dir : List.of("a", "b", "c")) {
            for (int i = 0; i < 3; i++) {
                bucket.put(dir + "/" + i, "v");
            }
        }
        bucket.put("d", "v");
        R2ListOptions options = R2ListOptions.ALL.withDelimiter("/").withLimit(2);
        List<String> entries = new ArrayList<>();
        R2Objects page;
        do {
            page = bucket.list(options);
            assertThat(page.objects().size() + page.delimitedPrefixes().size()).isLessThanOrEqualTo(2);
            entries.addAll(page.delimitedPrefixes());
            page.objects().forEach(o -> entries.add(o.key()));
            if (page.truncated()) {
                options = options.withCursor(page.cursor().orElseThrow());
            }
        } while (page.truncated());
        assertThat(entries).containsExactly("a/", "b/", "c/", "d");
    }

    // bindings.md §4 list include: httpMetadata, customMetadata only when asked
    @Test
    void listIncludesMetadataOnlyWhenAsked() {
        bucket.put("k", Body.of("v"), R2PutOptions.NONE.withHttpMetadata(R2HttpMetadata.contentType("text/plain"))
                .withCustomMetadata(Map.of("a", "1")));
        R2Object bare = bucket.list().objects().get(0);
        assertThat(bare.httpMetadata()).isEqualTo(R2HttpMetadata.NONE);
        assertThat(bare.customMetadata()).isEmpty();
        R2Object http = bucket.list(R2ListOptions.ALL.withInclude(R2ListOptions.Include.HTTP_METADATA)).objects().get(0);
        assertThat(http.httpMetadata().contentType()).hasValue("text/plain");
        assertThat(http.customMetadata()).isEmpty();
        R2Object both = bucket.list(R2ListOptions.ALL.withInclude(R2ListOptions.Include.HTTP_METADATA, R2ListOptions.Include.CUSTOM_METADATA))
                .objects().get(0);
        assertThat(both.customMetadata()).containsEntry("a", "1");
        assertThat(both.etag()).isEqualTo(md5Hex(utf8("v")));
    }

    // bindings.md §4 list cursor: an invalid cursor is an error, not a silent restart
    @Test
    void aBadCursorIsInvalidArgument() {
        assertR2Error(() -> bucket.list(R2ListOptions.ALL.withCursor("!!not-a-cursor!!")), R2Error.InvalidArgument);
    }

    // ---- multipart ----

    // bindings.md §4 multipart: complete → R2Object whose etag is md5-of-md5s-N; readable once resolved
    @Test
    void aMultipartUploadJoinsItsPartsInOrder() throws Exception {
        byte[] one = filled(5 * MIB, 1);
        byte[] two = filled(5 * MIB, 2);
        byte[] three = utf8("the end");
        R2MultipartUpload upload = bucket.createMultipartUpload("big.bin", new R2MultipartOptions(R2HttpMetadata.contentType("application/octet-stream"),
                Map.of("origin", "test"), Optional.empty()));
        assertThat(upload.key()).isEqualTo("big.bin");
        R2UploadedPart p2 = upload.uploadPart(2, two);
        R2UploadedPart p1 = upload.uploadPart(1, one);
        R2UploadedPart p3 = upload.uploadPart(3, three);
        assertThat(p1.etag()).isEqualTo(md5Hex(one));
        assertThat(bucket.head("big.bin")).isEmpty();
        R2Object done = upload.complete(List.of(p1, p2, p3));
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(HexFormat.of().parseHex(md5Hex(one)));
        md5.update(HexFormat.of().parseHex(md5Hex(two)));
        md5.update(HexFormat.of().parseHex(md5Hex(three)));
        assertThat(done.etag()).isEqualTo(HexFormat.of().formatHex(md5.digest()) + "-3");
        assertThat(done.size()).isEqualTo(one.length + two.length + three.length);
        assertThat(done.checksums().md5()).isEmpty();
        R2ObjectBody got = bucket.get("big.bin").orElseThrow();
        assertThat(got.httpMetadata().contentType()).hasValue("application/octet-stream");
        assertThat(got.customMetadata()).containsEntry("origin", "test");
        byte[] all = got.bytes();
        assertThat(Arrays.copyOfRange(all, 0, one.length)).isEqualTo(one);
        assertThat(Arrays.copyOfRange(all, one.length, 2 * one.length)).isEqualTo(two);
        assertThat(new String(Arrays.copyOfRange(all, 2 * one.length, all.length), StandardCharsets.UTF_8)).isEqualTo("the end");
        assertThat(read("big.bin", R2GetOptions.range(R2Range.suffix(7)))).isEqualTo("the end");
    }

    // bindings.md §4 resumeMultipartUpload: sync, unchecked; continues the same upload
    @Test
    void aResumedUploadContinuesTheSameUpload() {
        R2MultipartUpload upload = bucket.createMultipartUpload("k");
        R2UploadedPart p1 = upload.uploadPart(1, "only part");
        R2MultipartUpload resumed = bucket.resumeMultipartUpload("k", upload.uploadId());
        assertThat(resumed.uploadId()).isEqualTo(upload.uploadId());
        assertThat(resumed.complete(List.of(p1)).size()).isEqualTo(9);
        assertThat(bucket.get("k").orElseThrow().text()).isEqualTo("only part");
    }

    // bindings.md §4 multipart: unknown upload → NoSuchUpload (10024), surfaced on the next call
    @Test
    void anUnknownUploadIdIsNoSuchUpload() {
        R2MultipartUpload ghost = bucket.resumeMultipartUpload("k", "no-such-upload");
        assertR2Error(() -> ghost.uploadPart(1, "x"), R2Error.NoSuchUpload);
        assertR2Error(() -> ghost.complete(List.of(new R2UploadedPart(1, "abc"))), R2Error.NoSuchUpload);
        assertR2Error(ghost::abort, R2Error.NoSuchUpload);
        R2MultipartUpload real = bucket.createMultipartUpload("k");
        assertR2Error(() -> bucket.resumeMultipartUpload("other-key", real.uploadId()).uploadPart(1, "x"), R2Error.NoSuchUpload);
    }

    // bindings.md §4 multipart: a completed or aborted upload no longer exists
    @Test
    void aCompletedOrAbortedUploadIsGone() {
        R2MultipartUpload upload = bucket.createMultipartUpload("k");
        R2UploadedPart part = upload.uploadPart(1, "x");
        upload.complete(List.of(part));
        assertR2Error(() -> upload.uploadPart(2, "y"), R2Error.NoSuchUpload);
        assertR2Error(() -> upload.complete(List.of(part)), R2Error.NoSuchUpload);
        R2MultipartUpload aborted = bucket.createMultipartUpload("k2");
        aborted.uploadPart(1, "x");
        aborted.abort();
        assertR2Error(() -> aborted.uploadPart(1, "y"), R2Error.NoSuchUpload);
        assertThat(bucket.head("k2")).isEmpty();
        assertThat(bucket.get("k").orElseThrow().text()).isEqualTo("x");
    }

    // bindings.md §4 multipart: unfinished uploads abort after 7 days
    @Test
    void anUploadUnfinishedAfterSevenDaysIsGone() {
        R2MultipartUpload upload = bucket.createMultipartUpload("k");
        R2UploadedPart part = upload.uploadPart(1, "x");
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        upload.uploadPart(2, "y");
        assertThat(handle.listMultipartUploads("", Optional.empty(), Optional.empty(), 10)).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(handle.listMultipartUploads("", Optional.empty(), Optional.empty(), 10)).isEmpty();
        assertR2Error(() -> upload.complete(List.of(part)), R2Error.NoSuchUpload);
        assertThat(bucket.head("k")).isEmpty();
        R2MultipartUpload stale = buckets.bucket(buckets.create("stale-uploads").name()).createMultipartUpload("k");
        clock.advance(Duration.ofDays(8));
        buckets.delete("stale-uploads");
        assertThat(buckets.info("stale-uploads")).isEmpty();
        assertThat(stale.uploadId()).isNotEmpty();
    }

    // bindings.md §4 multipart: parts 1–10,000
    @Test
    void aPartNumberOutside1To10000IsInvalidArgument() {
        R2MultipartUpload upload = bucket.createMultipartUpload("k");
        assertR2Error(() -> upload.uploadPart(0, "x"), R2Error.InvalidArgument);
        assertR2Error(() -> upload.uploadPart(10_001, "x"), R2Error.InvalidArgument);
        assertThat(upload.uploadPart(10_000, "x").partNumber()).isEqualTo(10_000);
    }

    // bindings.md §4 multipart: all parts but the last ≥ 5 MiB → EntityTooSmall (10011)
    @Test
    void aSmallPartBeforeTheLastIsEntityTooSmall() {
        R2MultipartUpload upload = bucket.createMultipartUpload("k");
        R2UploadedPart p1 = upload.uploadPart(1, filled(5 * MIB - 1, 0));
        R2UploadedPart p2 = upload.uploadPart(2, "end");
        assertR2Error(() -> upload.complete(List.of(p1, p2)), R2Error.EntityTooSmall);
        assertThat(bucket.head("k")).isEmpty();
        // The upload is still there and can be fixed.
        R2UploadedPart fixed = upload.uploadPart(1, filled(5 * MIB, 0));
        assertThat(upload.complete(List.of(fixed, p2)).size()).isEqualTo(5 * MIB + 3);
    }

    // bindings.md §4 multipart: all parts but the last equal-sized
    @Test
    void unequalPartsBeforeTheLastAreRejected() {
        R2MultipartUpload upload = bucket.createMultipartUpload("k");
        R2UploadedPart p1 = upload.uploadPart(1, filled(5 * MIB, 0));
        R2UploadedPart p2 = upload.uploadPart(2, filled(5 * MIB + 1, 0));
        R2UploadedPart p3 = upload.uploadPart(3, "end");
        assertR2Error(() -> upload.complete(List.of(p1, p2, p3)), R2Error.EntityTooSmall);
        assertThat(bucket.head("k")).isEmpty();
    }

    // bindings.md §4 multipart: bad part list → InvalidPart (10025)
    @Test
    void aMissingPartOrAWrongEtagIsInvalidPart() {
        R2MultipartUpload upload = bucket.createMultipartUpload("k");
        R2UploadedPart p1 = upload.uploadPart(1, "x");
        assertR2Error(() -> upload.complete(List.of(p1, new R2UploadedPart(2, p1.etag()))), R2Error.InvalidPart);
        assertR2Error(() -> upload.complete(List.of(new R2UploadedPart(1, md5Hex(utf8("y"))))), R2Error.InvalidPart);
        assertR2Error(() -> upload.complete(List.of()), R2Error.InvalidPart);
        assertThat(upload.complete(List.of(p1)).size()).isEqualTo(1);
    }

    // bindings.md §4 multipart: parts listed in ascending order
    @Test
    void partsOutOfOrderAreInvalidPartOrder() {
        R2MultipartUpload upload = bucket.createMultipartUpload("k");
        R2UploadedPart p1 = upload.uploadPart(1, filled(5 * MIB, 0));
        R2UploadedPart p2 = upload.uploadPart(2, "end");
        assertR2Error(() -> upload.complete(List.of(p2, p1)), R2Error.InvalidPartOrder);
        assertR2Error(() -> upload.complete(List.of(p1, p1)), R2Error.InvalidPartOrder);
    }

    // bindings.md §4 multipart: uploading a part number again replaces it
    @Test
    void reuploadingAPartReplacesIt() {
        R2MultipartUpload upload = bucket.createMultipartUpload("k");
        R2UploadedPart old = upload.uploadPart(1, "old");
        R2UploadedPart fresh = upload.uploadPart(1, "new");
        assertR2Error(() -> upload.complete(List.of(old)), R2Error.InvalidPart);
        upload.complete(List.of(fresh));
        assertThat(bucket.get("k").orElseThrow().text()).isEqualTo("new");
    }

    // ---- bad input ----

    // bindings.md §4 put: a body that ends before its declared length stores nothing; the next put works
    @Test
    void aTruncatedBodyIsIncompleteBodyAndStoresNothing() {
        bucket.put("k", "old");
        Body truncated = Body.of(new ByteArrayInputStream(utf8("only ten b")), 100);
        assertR2Error(() -> bucket.put("k", truncated), R2Error.IncompleteBody);
        assertThat(bucket.get("k").orElseThrow().text()).isEqualTo("old");
        assertThat(bucket.list().objects()).hasSize(1);
        assertThat(bucket.put("k", "new").size()).isEqualTo(3);
    }

    // bindings.md §4 put: a body longer than declared is refused too
    @Test
    void aBodyLongerThanDeclaredIsIncompleteBody() {
        Body longer = Body.of(new ByteArrayInputStream(utf8("0123456789")), 4);
        assertR2Error(() -> bucket.put("k", longer), R2Error.IncompleteBody);
        assertThat(bucket.head("k")).isEmpty();
    }

    // bindings.md §4 put: a stream that fails mid-way (a client gone) stores nothing; the next put works
    @Test
    void aFailingStreamStoresNothing() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ < 100_000) {
                    return 'x';
                }
                throw new IOException("connection reset by peer");
            }
        };
        assertR2Error(() -> bucket.put("k", failing), R2Error.IncompleteBody);
        assertThat(bucket.head("k")).isEmpty();
        R2MultipartUpload upload = bucket.createMultipartUpload("m");
        assertR2Error(() -> upload.uploadPart(1, Body.of(new ByteArrayInputStream(utf8("short")), 10)), R2Error.IncompleteBody);
        assertR2Error(() -> upload.complete(List.of(new R2UploadedPart(1, md5Hex(utf8("short"))))), R2Error.InvalidPart);
        assertThat(bucket.put("k", "fine").size()).isEqualTo(4);
    }

    // ---- streaming ----

    // bindings.md §4: content streams; a large object goes in and out intact
    @Test
    void aLargeObjectStreamsInAndOut() throws Exception {
        long size = 48L * MIB + 123;
        MessageDigest sent = MessageDigest.getInstance("MD5");
        InputStream generated = new InputStream() {
            private long left = size;

            @Override
            public int read() throws IOException {
                return SingleByteRead.via(this);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((size - left + i) % 251);
                }
                sent.update(b, off, n);
                left -= n;
                return n;
            }
        };
        R2Object put = bucket.put("large", Body.of(generated, size));
        assertThat(put.size()).isEqualTo(size);
        assertThat(put.etag()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        MessageDigest received = MessageDigest.getInstance("MD5");
        long count = 0;
        try (InputStream in = bucket.get("large").orElseThrow().stream()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.update(buffer, 0, n);
                count += n;
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(put.etag());
    }

    // bindings.md §4: a reader keeps the version it opened even if the key is replaced meanwhile
    @Test
    void aReaderKeepsTheVersionItOpened() {
        bucket.put("k", "version one");
        R2ObjectBody open = bucket.get("k").orElseThrow();
        bucket.put("k", "version two");
        bucket.delete("k");
        assertThat(open.text()).isEqualTo("version one");
    }

    // bindings.md §4 put: strongly consistent; concurrent readers see one whole version, never a mix
    @Test
    void concurrentWritersAndReadersSeeWholeVersions() throws Exception {
        List<String> values = IntStream.range(0, 6).mapToObj(i -> String.valueOf((char) ('a' + i)).repeat(200_000 + i)).toList();
        bucket.put("hot", values.get(0));
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
            for (String value : values) {
                tasks.add(pool.submit(() -> {
                    for (int n = 0; n < 8; n++) {
                        bucket.put("hot", value);
                    }
                }));
            }
            for (int r = 0; r < 4; r++) {
                tasks.add(pool.submit(() -> {
                    for (int n = 0; n < 20; n++) {
                        R2ObjectBody o = bucket.get("hot").orElseThrow();
                        String text = o.text();
                        assertThat(values).contains(text);
                        assertThat(o.size()).isEqualTo(text.length());
                        assertThat(o.etag()).isEqualTo(md5Hex(utf8(text)));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> task : tasks) {
                task.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertThat(bucket.list().objects()).hasSize(1);
    }

    // ---- buckets ----

    // bindings.md §4 / cli.md r2 bucket: create, list with creation date, delete
    @Test
    void bucketsAreCreatedListedAndDeleted() {
        clock.advance(Duration.ofSeconds(1));
        assertThat(buckets.create("photos").name()).isEqualTo("photos");
        assertThat(buckets.list()).extracting(b -> b.name()).contains("photos", "contract-bucket");
        assertThat(buckets.info("photos")).hasValueSatisfying(i -> assertThat(i.created()).isNotNull());
        assertR2Error(() -> buckets.create("photos"), R2Error.BucketAlreadyExists);
        buckets.delete("photos");
        assertThat(buckets.info("photos")).isEmpty();
        assertR2Error(() -> buckets.bucket("photos"), R2Error.NoSuchBucket);
        assertR2Error(() -> buckets.delete("photos"), R2Error.NoSuchBucket);
    }

    // bindings.md §4 errors: a bucket holding objects or unfinished uploads cannot be deleted
    @Test
    void aBucketThatIsNotEmptyCannotBeDeleted() {
        R2Bucket photos = wrap(buckets.bucket(buckets.create("photos").name()));
        photos.put("p.jpg", "x");
        assertR2Error(() -> buckets.delete("photos"), R2Error.BucketNotEmpty);
        photos.delete("p.jpg");
        R2MultipartUpload upload = buckets.bucket("photos").createMultipartUpload("big");
        assertR2Error(() -> buckets.delete("photos"), R2Error.BucketNotEmpty);
        upload.abort();
        buckets.delete("photos");
        assertThat(buckets.info("photos")).isEmpty();
    }

    // bindings.md §4 (S3 naming rules): 3-63 lower-case letters, digits and '-'
    @Test
    void anInvalidBucketNameIsInvalidBucketName() {
        for (String name : List.of("ab", "UPPER", "under_score", "-dash", "dash-", "a".repeat(64))) {
            assertR2Error(() -> buckets.create(name), R2Error.InvalidBucketName);
        }
        assertThat(buckets.create("a-1").name()).isEqualTo("a-1");
    }

    // ---- what the S3-compatible API uses beyond the binding ----

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(utf8(s));
    }

    // bindings.md §4 S3 GetObject: conditionals and ranges as typed errors
    @Test
    void getOrThrowGivesTypedErrors() {
        R2Object put = handle.put("k", "0123456789");
        assertR2Error(() -> handle.getOrThrow("missing", R2GetOptions.NONE), R2Error.NoSuchKey);
        assertR2Error(() -> handle.getOrThrow("k", R2GetOptions.onlyIf(R2Conditional.etagMatches("other"))), R2Error.PreconditionFailed);
        assertR2Error(() -> handle.getOrThrow("k", R2GetOptions.onlyIf(R2Conditional.etagDoesNotMatch(put.etag()))), R2Error.NotModified);
        assertR2Error(() -> handle.getOrThrow("k", R2GetOptions.range(R2Range.from(10))), R2Error.InvalidRange);
        try (R2ObjectBody body = handle.getOrThrow("k", R2GetOptions.range(R2Range.of(1, 2)))) {
            assertThat(body.text()).isEqualTo("12");
        }
        assertThat(handle.headOrThrow("k", Optional.empty()).size()).isEqualTo(10);
        assertR2Error(() -> handle.headOrThrow("missing", Optional.empty()), R2Error.NoSuchKey);
        assertR2Error(() -> handle.headOrThrow("k", Optional.of(R2Conditional.etagDoesNotMatch("*"))), R2Error.NotModified);
    }

    // bindings.md §4 S3 PutObject: a declared length is enforced; failed conditions are PreconditionFailed
    @Test
    void putOrThrowStreamsADeclaredLength() {
        assertThat(handle.putOrThrow("k", stream("12345"), 5, R2PutOptions.NONE).size()).isEqualTo(5);
        assertR2Error(() -> handle.putOrThrow("k", stream("123"), 5, R2PutOptions.NONE), R2Error.IncompleteBody);
        assertR2Error(() -> handle.putOrThrow("k", stream("x"), 1, R2PutOptions.NONE.withOnlyIf(R2Conditional.etagDoesNotMatch("*"))),
                R2Error.PreconditionFailed);
        assertR2Error(() -> handle.putOrThrow("k", stream("x"), 6L * 1024 * MIB, R2PutOptions.NONE), R2Error.EntityTooLarge);
        assertThat(bucket.get("k").orElseThrow().text()).isEqualTo("12345");
    }

    // bindings.md §4 S3 CopyObject: metadata directive COPY or REPLACE, copy-source conditionals
    @Test
    void copyCopiesContentWithCopiedOrReplacedMetadata() {
        R2Object source = handle.put("src", Body.of("content"), R2PutOptions.NONE.withHttpMetadata(R2HttpMetadata.contentType("text/plain"))
                .withCustomMetadata(Map.of("a", "1"))).orElseThrow();
        R2Object copied = handle.copy(handle, "src", "dst", dev.kiln.bindings.r2.CopyOptions.COPY);
        assertThat(copied.etag()).isEqualTo(source.etag());
        assertThat(copied.version()).isNotEqualTo(source.version());
        R2ObjectBody got = bucket.get("dst").orElseThrow();
        assertThat(got.text()).isEqualTo("content");
        assertThat(got.httpMetadata().contentType()).hasValue("text/plain");
        assertThat(got.customMetadata()).containsEntry("a", "1");

        handle.copy(handle, "src", "src", dev.kiln.bindings.r2.CopyOptions.replacing(R2HttpMetadata.contentType("text/html"), Map.of("b", "2")));
        R2ObjectBody replaced = bucket.get("src").orElseThrow();
        assertThat(replaced.text()).isEqualTo("content");
        assertThat(replaced.httpMetadata().contentType()).hasValue("text/html");
        assertThat(replaced.customMetadata()).containsExactlyEntriesOf(Map.of("b", "2"));

        R2BucketHandle other = buckets.bucket(buckets.create("other-bucket").name());
        assertThat(other.copy(handle, "dst", "x", dev.kiln.bindings.r2.CopyOptions.COPY).size()).isEqualTo(7);
        assertR2Error(() -> handle.copy(handle, "missing", "y", dev.kiln.bindings.r2.CopyOptions.COPY), R2Error.NoSuchKey);
        assertR2Error(() -> handle.copy(handle, "dst", "y", dev.kiln.bindings.r2.CopyOptions.COPY
                .withSourceOnlyIf(R2Conditional.etagMatches("nope"))), R2Error.PreconditionFailed);
        assertThat(bucket.head("y")).isEmpty();
    }

    // bindings.md §4 S3 ListParts / ListMultipartUploads
    @Test
    void partsAndUploadsAreListed() {
        R2MultipartUpload b1 = handle.createMultipartUpload("b");
        R2MultipartUpload a = handle.createMultipartUpload("a");
        R2MultipartUpload b2 = handle.createMultipartUpload("b");
        handle.createMultipartUpload("other/c");
        a.uploadPart(2, "two");
        a.uploadPart(1, "one");
        assertThat(handle.listParts("a", a.uploadId())).extracting(p -> p.partNumber() + ":" + p.size() + ":" + p.etag())
                .containsExactly("1:3:" + md5Hex(utf8("one")), "2:3:" + md5Hex(utf8("two")));
        assertR2Error(() -> handle.listParts("a", "nope"), R2Error.NoSuchUpload);
        List<String> all = handle.listMultipartUploads("", Optional.empty(), Optional.empty(), 1000).stream().map(u -> u.key()).toList();
        assertThat(all).containsExactly("a", "b", "b", "other/c");
        String firstB = java.util.stream.Stream.of(b1.uploadId(), b2.uploadId()).sorted().findFirst().orElseThrow();
        assertThat(handle.listMultipartUploads("", Optional.of("b"), Optional.of(firstB), 1000)).extracting(u -> u.key())
                .containsExactly("b", "other/c");
        assertThat(handle.listMultipartUploads("", Optional.of("b"), Optional.empty(), 1000)).extracting(u -> u.key())
                .containsExactly("other/c");
        assertThat(handle.listMultipartUploads("other/", Optional.empty(), Optional.empty(), 1)).extracting(u -> u.key())
                .containsExactly("other/c");
        assertR2Error(() -> handle.listMultipartUploads("", Optional.empty(), Optional.empty(), 0), R2Error.InvalidArgument);
    }

    // bindings.md §4 S3 UploadPart with Content-MD5: a mismatch is BadDigest and stores no part
    @Test
    void aPartWithABadDigestIsRefused() {
        R2MultipartUpload upload = handle.createMultipartUpload("k");
        assertR2Error(() -> handle.uploadPart("k", upload.uploadId(), 1, stream("data"), 4, R2Checksums.of(Algorithm.MD5, md5Hex(utf8("other")))),
                R2Error.BadDigest);
        assertThat(handle.listParts("k", upload.uploadId())).isEmpty();
        R2UploadedPart part = handle.uploadPart("k", upload.uploadId(), 1, stream("data"), 4, R2Checksums.of(Algorithm.MD5, md5Hex(utf8("data"))));
        assertThat(handle.completeUpload("k", upload.uploadId(), List.of(part)).size()).isEqualTo(4);
    }
}

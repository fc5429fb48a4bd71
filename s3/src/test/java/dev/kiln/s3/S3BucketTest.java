package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Bucket operations through the AWS SDK: create, head, list, location, delete (bindings.md §4, S3-compatible API). */
class S3BucketTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    @Test
    void aCreatedBucketIsListedHeadedAndDeleted() {
        fixture.s3.createBucket(b -> b.bucket("photos"));
        fixture.s3.createBucket(b -> b.bucket("audio"));
        assertThat(fixture.s3.listBuckets().buckets()).extracting(Bucket::name).containsExactly("audio", "photos");
        assertThat(fixture.s3.listBuckets().buckets().get(0).creationDate()).isNotNull();
        assertThat(fixture.s3.headBucket(b -> b.bucket("photos")).sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(fixture.s3.getBucketLocation(b -> b.bucket("photos")).locationConstraintAsString()).isEqualTo("auto");

        fixture.s3.deleteBucket(b -> b.bucket("photos"));
        assertThat(fixture.s3.listBuckets().buckets()).extracting(Bucket::name).containsExactly("audio");
    }

    @Test
    void headOfAMissingBucketIs404() {
        assertThatThrownBy(() -> fixture.s3.headBucket(b -> b.bucket("nope")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void deletingANonEmptyBucketIsBucketNotEmpty409AndKeepsItsObjects() {
        fixture.s3.createBucket(b -> b.bucket("full"));
        fixture.s3.putObject(b -> b.bucket("full").key("a"), RequestBody.fromString("x"));
        assertThatThrownBy(() -> fixture.s3.deleteBucket(b -> b.bucket("full"))).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(409);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
        });
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("full").key("a")).asUtf8String()).isEqualTo("x");
    }

    @Test
    void deletingAMissingBucketIsNoSuchBucket() {
        assertThatThrownBy(() -> fixture.s3.deleteBucket(b -> b.bucket("ghost"))).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
        });
    }

    @Test
    void creatingAnExistingBucketIs409() {
        fixture.s3.createBucket(b -> b.bucket("twice"));
        assertThatThrownBy(() -> fixture.s3.createBucket(b -> b.bucket("twice"))).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(409);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou");
        });
    }

    @Test
    void anInvalidBucketNameIsInvalidBucketName400() {
        assertThatThrownBy(() -> fixture.s3.createBucket(b -> b.bucket("dotted.name"))).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidBucketName");
        });
    }

    @Test
    void objectOperationsOnAMissingBucketAreNoSuchBucket() {
        assertThatThrownBy(() -> fixture.s3.putObject(b -> b.bucket("missing").key("k"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
        assertThatThrownBy(() -> fixture.s3.listObjectsV2(b -> b.bucket("missing")))
                .isInstanceOf(NoSuchBucketException.class);
    }
}

package dev.kiln.bindings.r2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Body;
import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import dev.kiln.api.R2MultipartOptions;
import dev.kiln.api.R2MultipartUpload;
import dev.kiln.api.R2ObjectBody;
import dev.kiln.api.R2PutOptions;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket a worker binds, deleted meanwhile by someone else in the process (the S3 API, a {@code kiln r2}
 * command): the binding creates it again at its next use, as {@code wrangler dev} creates bound buckets.
 */
class R2BindingBucketDeletedTest {

    @TempDir
    Path state;

    @Test
    void aBucketDeletedBehindTheBindingIsCreatedAgainAtItsNextUse() {
        try (Backend storage = Backend.open(BackendSettings.embedded(state))) {
            R2Buckets bound = new R2Buckets(storage.store(BucketStores.class));
            R2Binding binding = new R2Binding(() -> bound.bucketCreatingIfMissing("bound"));
            binding.put("k", Body.of("before"), R2PutOptions.NONE);
            R2Buckets elsewhere = new R2Buckets(storage.store(BucketStores.class));
            elsewhere.bucket("bound").delete("k");
            elsewhere.delete("bound");
            assertThat(elsewhere.info("bound")).isEmpty();

            assertThat(binding.get("k")).isEmpty();
            binding.put("k", Body.of("after"), R2PutOptions.NONE);
            assertThat(binding.get("k")).hasValueSatisfying(o -> assertThat(((R2ObjectBody) o).text()).isEqualTo("after"));
            assertThat(elsewhere.bucket("bound").head("k")).isPresent();
        }
    }

    @Test
    void anUploadStartedBeforeTheDeletionIsNoSuchUploadInTheNewBucket() {
        try (Backend storage = Backend.open(BackendSettings.embedded(state))) {
            R2Buckets bound = new R2Buckets(storage.store(BucketStores.class));
            R2Binding binding = new R2Binding(() -> bound.bucketCreatingIfMissing("bound"));
            R2MultipartUpload upload = binding.createMultipartUpload("big", R2MultipartOptions.NONE);
            R2Buckets elsewhere = new R2Buckets(storage.store(BucketStores.class));
            elsewhere.bucket("bound").abortUpload("big", upload.uploadId()); // as S3's DeleteBucket does
            elsewhere.delete("bound");

            assertThatThrownBy(() -> upload.uploadPart(1, Body.of("part"))).isInstanceOfSatisfying(R2Exception.class,
                    e -> assertThat(e.error()).isEqualTo(R2Error.NoSuchUpload));
            assertThat(elsewhere.info("bound")).as("created again by the binding's use").isPresent();
        }
    }
}

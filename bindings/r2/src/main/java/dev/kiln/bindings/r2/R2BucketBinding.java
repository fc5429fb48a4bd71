package dev.kiln.bindings.r2;

import dev.kiln.config.Binding;
import java.util.Optional;

/** An {@code r2_buckets} entry: target is {@code bucket_name}, else the binding name. */
public record R2BucketBinding(String name, Optional<String> bucketName, Optional<String> previewBucketName,
                              Optional<String> jurisdiction) implements Binding {

    @Override
    public String type() {
        return R2Kind.TYPE;
    }

    @Override
    public String target() {
        return bucketName.orElse(name);
    }
}

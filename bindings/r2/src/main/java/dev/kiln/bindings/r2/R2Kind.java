package dev.kiln.bindings.r2;

import dev.kiln.config.BindingSink;
import dev.kiln.config.ConfigTable;
import dev.kiln.spi.BindingHost;
import dev.kiln.spi.BindingKind;
import dev.kiln.spi.HostContext;
import java.util.Set;

/** R2 (bindings.md §4): {@code r2_buckets = [{ binding, bucket_name, ... }]}. */
public final class R2Kind implements BindingKind {

    static final String TYPE = "r2_buckets";

    @Override
    public String type() {
        return TYPE;
    }


    @Override
    public void read(ConfigTable config, BindingSink out) {
        for (ConfigTable t : config.tables(TYPE)) {
            t.warnUnexpected(Set.of("binding", "bucket_name", "preview_bucket_name", "jurisdiction", "remote", "local_dev"));
            out.add(t, new R2BucketBinding(t.requiredString("binding"), t.string("bucket_name"), t.string("preview_bucket_name"),
                    t.string("jurisdiction")));
        }
    }

    @Override
    public BindingHost start(HostContext context) {
        R2Buckets buckets = new R2Buckets(context.backend().store(BucketStores.class), context.clock());
        // A bound bucket is created on first use, as wrangler dev does; resolved per call, so a bad name fails the
        // call that uses it (InvalidBucketName), not the deployment.
        return BindingHost.each(b -> new R2Binding(() -> buckets.bucketCreatingIfMissing(b.target())));
    }
}

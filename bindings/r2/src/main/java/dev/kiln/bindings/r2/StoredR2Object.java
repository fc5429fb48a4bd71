package dev.kiln.bindings.r2;

import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2HttpMetadata;
import dev.kiln.api.R2Object;
import dev.kiln.api.R2Range;
import dev.kiln.bindings.r2.ObjectStore.ObjectInfo;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** An {@link R2Object} over a backend's {@link ObjectInfo}. */
record StoredR2Object(ObjectInfo info, Optional<R2Range> range) implements R2Object {

    static R2Object of(ObjectInfo info) {
        return new StoredR2Object(info, Optional.empty());
    }

    @Override
    public String key() {
        return info.key();
    }

    @Override
    public String version() {
        return info.version();
    }

    @Override
    public long size() {
        return info.size();
    }

    @Override
    public String etag() {
        return info.etag();
    }

    @Override
    public Instant uploaded() {
        return info.uploaded();
    }

    @Override
    public R2HttpMetadata httpMetadata() {
        return info.httpMetadata();
    }

    @Override
    public Map<String, String> customMetadata() {
        return info.customMetadata();
    }

    @Override
    public R2Checksums checksums() {
        return info.checksums();
    }

    @Override
    public String storageClass() {
        return info.storageClass();
    }

    @Override
    public String toString() {
        return "R2Object{key=" + key() + ", version=" + version() + ", size=" + size() + ", etag=" + etag() + "}";
    }
}

package dev.kiln.bindings.r2;

import dev.kiln.api.Body;
import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2HttpMetadata;
import dev.kiln.api.R2ObjectBody;
import dev.kiln.api.R2Range;
import dev.kiln.bindings.r2.ObjectStore.ObjectContent;
import dev.kiln.bindings.r2.ObjectStore.ObjectInfo;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** An {@link R2ObjectBody} whose body streams from open backend content, released when the body is closed. */
final class StreamedR2ObjectBody implements R2ObjectBody {

    private final ObjectContent content;
    private final Optional<R2Range> range;
    private final Body body;

    /** @param resolved the bytes to stream (offset and length set) */
    StreamedR2ObjectBody(ObjectContent content, R2Range resolved, boolean ranged) throws IOException {
        this.content = content;
        this.range = ranged ? Optional.of(resolved) : Optional.empty();
        long offset = resolved.offset().orElseThrow();
        long length = resolved.length().orElseThrow();
        InputStream stream = new FilterInputStream(content.read(offset, length)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    content.close();
                }
            }
        };
        this.body = Body.of(stream, length);
    }

    private ObjectInfo info() {
        return content.info();
    }

    @Override
    public Body body() {
        return body;
    }

    @Override
    public boolean bodyUsed() {
        // The body was created streamed: held bytes mean it was read whole.
        return body.isUsed() || !body.isStreamed();
    }

    @Override
    public void close() {
        if (!bodyUsed()) {
            content.close();
        }
    }

    @Override
    public String key() {
        return info().key();
    }

    @Override
    public String version() {
        return info().version();
    }

    @Override
    public long size() {
        return info().size();
    }

    @Override
    public String etag() {
        return info().etag();
    }

    @Override
    public Instant uploaded() {
        return info().uploaded();
    }

    @Override
    public R2HttpMetadata httpMetadata() {
        return info().httpMetadata();
    }

    @Override
    public Map<String, String> customMetadata() {
        return info().customMetadata();
    }

    @Override
    public Optional<R2Range> range() {
        return range;
    }

    @Override
    public R2Checksums checksums() {
        return info().checksums();
    }

    @Override
    public String storageClass() {
        return info().storageClass();
    }

    @Override
    public String toString() {
        return "R2ObjectBody{key=" + key() + ", version=" + version() + ", size=" + size() + ", range=" + range + "}";
    }
}

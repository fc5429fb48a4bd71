package dev.kiln.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The outermost wrapper of a request body: remembers the first {@link BodyException} a check below it threw,
 * so the failure is reported with its own S3 error even when the storage layer wrapped it in another
 * exception on the way up.
 */
final class BodyGuard extends FilterInputStream {

    private BodyException failure;

    BodyGuard(InputStream in) {
        super(in);
    }

    /** @return the body check that failed, if one did */
    Optional<BodyException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (BodyException e) {
            throw remember(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (BodyException e) {
            throw remember(e);
        }
    }

    private BodyException remember(BodyException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }
}

package dev.kiln.s3;

import java.io.IOException;

/**
 * A request body failed its check while being read (a bad chunk signature, a wrong SHA-256, a short body).
 * An {@link IOException}, so that whatever is consuming the stream aborts its write; carries the S3 error.
 */
final class BodyException extends IOException {

    private final S3Error error;

    BodyException(S3Error error, String message) {
        super(message);
        this.error = error;
    }

    S3Exception toS3() {
        return new S3Exception(error, getMessage(), this);
    }
}

package dev.kiln.s3;

/** A request failed with an S3 error; becomes an S3 {@code <Error>} document with the error's status. */
public final class S3Exception extends RuntimeException {

    private final S3Error error;

    public S3Exception(S3Error error, String message) {
        super(message);
        this.error = error;
    }

    public S3Exception(S3Error error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** @return the S3 error */
    public S3Error error() {
        return error;
    }
}

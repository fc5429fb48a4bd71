package dev.kiln.s3;

import java.time.Instant;

/**
 * An S3 access key.
 *
 * @param accessKeyId the public id, sent with every request
 * @param secretAccessKey the secret the client signs with (SigV4 needs it in clear on the server too)
 * @param created when it was created
 */
public record Credentials(String accessKeyId, String secretAccessKey, Instant created) {

    @Override
    public String toString() {
        return "Credentials[" + accessKeyId + ", created " + created + "]"; // never the secret, even in logs
    }
}

package dev.kiln.s3;

import java.util.List;
import java.util.Optional;

/**
 * The S3 API's access keys (a store SPI: each storage backend provides one). SigV4 signs with the secret itself
 * (an HMAC key), so a store keeps secrets readable to Kiln alone, never hashed. Thread-safe.
 */
public interface CredentialStore {

    /** Creates a new access key with a random id (32 hex digits) and secret (64 hex digits). */
    Credentials create();

    /** @return every access key, oldest first */
    List<Credentials> list();

    /** @return the secret of an access key, if the key exists */
    Optional<String> secret(String accessKeyId);

    /** Deletes an access key; returns false if there was none with that id. Takes effect at the next request. */
    boolean delete(String accessKeyId);
}

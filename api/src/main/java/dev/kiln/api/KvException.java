package dev.kiln.api;

/** A KV call was invalid (bad key, over a limit, bad expiration, bad cursor). Carries Cloudflare's status. */
public class KvException extends KilnException {

    public KvException(int status, String message) {
        super(status, message);
    }
}

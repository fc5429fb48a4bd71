package superinstance;

import dev.kiln.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe webhook verification, as Stripe's libraries do it: the {@code Stripe-Signature} header carries
 * {@code t=<unix seconds>} and one or more {@code v1=<hex>} signatures, each an HMAC-SHA256 with the endpoint
 * secret over {@code "<t>.<raw body>"}. The timestamp must be within the tolerance of now (replays), and the
 * comparison is constant-time.
 */
final class StripeWebhook {

    static final long TOLERANCE_SECONDS = 300;

    /** A verified top-up: who, how much, and the reference that makes it idempotent. */
    record TopUp(String userId, long amountMicros, String reference) {
    }

    private final byte[] secret;

    StripeWebhook(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws Http.Failure 400 naming what is wrong with the signature
     */
    void verify(String header, byte[] payload, long nowSeconds) {
        if (header == null || header.isBlank()) {
            throw new Http.Failure(400, "invalid_signature", "missing Stripe-Signature header");
        }
        Long timestamp = null;
        java.util.List<String> signatures = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            if (kv[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    throw new Http.Failure(400, "invalid_signature", "Stripe-Signature timestamp is not a number");
                }
            } else if (kv[0].equals("v1")) {
                signatures.add(kv[1]);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new Http.Failure(400, "invalid_signature", "Stripe-Signature needs t= and at least one v1=");
        }
        if (Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) {
            throw new Http.Failure(400, "invalid_signature", "Stripe-Signature timestamp is outside the " + TOLERANCE_SECONDS + " s tolerance");
        }
        byte[] expected = HexFormat.of().formatHex(hmac(timestamp + ".", payload)).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String signature : signatures) {
            match |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        }
        if (!match) {
            throw new Http.Failure(400, "invalid_signature", "no Stripe-Signature v1 signature matches the payload");
        }
    }

    private byte[] hmac(String prefix, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return the top-up of a paid checkout: {@code checkout.session.completed} with {@code payment_status}
     *     "paid", or {@code checkout.session.async_payment_succeeded} (the user in {@code metadata.user_id},
     *     {@code amount_total} in cents of USD, the session id as reference, so both events credit once);
     *     empty for other events
     */
    @SuppressWarnings("unchecked")
    static Optional<TopUp> topUp(byte[] payload) {
        Map<String, Object> event;
        try {
            event = Json.decode(payload, Map.class);
        } catch (IllegalArgumentException e) {
            throw new Http.Failure(400, "invalid_json", "the event is not JSON: " + e.getMessage());
        }
        Map<String, Object> data = event.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
        Map<String, Object> session = data.get("object") instanceof Map<?, ?> o ? (Map<String, Object>) o : Map.of();
        boolean paid = switch (String.valueOf(event.get("type"))) {
            case "checkout.session.completed" -> "paid".equals(session.get("payment_status"));
            case "checkout.session.async_payment_succeeded" -> true;
            default -> false;
        };
        if (!paid) {
            return Optional.empty();
        }
        Map<String, Object> metadata = session.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        if (!(metadata.get("user_id") instanceof String userId) || userId.isBlank()) {
            throw new Http.Failure(400, "invalid_event", "checkout.session.completed without metadata.user_id");
        }
        if (!(session.get("id") instanceof String reference)) {
            throw new Http.Failure(400, "invalid_event", "checkout.session.completed without a session id");
        }
        if (!"usd".equals(session.get("currency"))) {
            throw new Http.Failure(400, "invalid_event", "only USD top-ups are supported, not " + session.get("currency"));
        }
        if (!(session.get("amount_total") instanceof Number cents) || cents.longValue() <= 0) {
            throw new Http.Failure(400, "invalid_event", "checkout.session.completed without a positive amount_total");
        }
        return Optional.of(new TopUp(userId, Math.multiplyExact(cents.longValue(), 10_000L), reference));
    }
}

package superinstance;

import dev.kiln.api.Json;
import dev.kiln.api.KvNamespace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * API keys in the {@code API_KEYS} KV namespace, stored only as their SHA-256: {@code key:<sha256>} →
 * {@code {user_id, created_at, revoked, prefix}}, and {@code prefix:<prefix>} → the hash, so a key can be
 * revoked by the prefix shown to its owner. A key is {@code si_} followed by 40 random base-62 characters;
 * its prefix is its first 12 characters.
 */
final class ApiKeys {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int PREFIX_LENGTH = 12;

    /** A valid key's owner. */
    record Owner(String userId, String keyHash) {
    }

    record Created(String key, String prefix, String userId, long createdAt) {
    }

    private final KvNamespace kv;

    ApiKeys(KvNamespace kv) {
        this.kv = kv;
    }

    Created create(String userId, long now) {
        StringBuilder key = new StringBuilder("si_");
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        String prefix = key.substring(0, PREFIX_LENGTH);
        String hash = sha256(key.toString());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("user_id", userId);
        record.put("created_at", now);
        record.put("revoked", false);
        record.put("prefix", prefix);
        kv.put("key:" + hash, Json.stringify(record));
        kv.put("prefix:" + prefix, hash);
        return new Created(key.toString(), prefix, userId, now);
    }

    /** @return the owner of a valid, unrevoked key */
    @SuppressWarnings("unchecked")
    Optional<Owner> verify(String key) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String hash = sha256(key);
        return kv.getJson("key:" + hash, Map.class)
                .filter(record -> !Boolean.TRUE.equals(record.get("revoked")))
                .map(record -> new Owner((String) record.get("user_id"), hash));
    }

    /** @return whether a key with this prefix existed (it is revoked now) */
    @SuppressWarnings("unchecked")
    boolean revoke(String prefix) {
        Optional<String> hash = kv.get("prefix:" + prefix);
        if (hash.isEmpty()) {
            return false;
        }
        Optional<Map> record = kv.getJson("key:" + hash.get(), Map.class);
        if (record.isEmpty()) {
            return false;
        }
        Map<String, Object> revoked = new LinkedHashMap<>(record.get());
        revoked.put("revoked", true);
        kv.put("key:" + hash.get(), Json.stringify(revoked));
        return true;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

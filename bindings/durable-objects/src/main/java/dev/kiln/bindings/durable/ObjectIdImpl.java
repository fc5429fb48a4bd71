package dev.kiln.bindings.durable;

import dev.kiln.api.DurableObjectException;
import dev.kiln.api.DurableObjectId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Durable Object ids (bindings.md §2.1): 32 bytes shown as 64 hex digits. Byte 0 is the jurisdiction, bytes
 * 1–23 the name's keyed hash (or random bytes for unique ids), bytes 24–31 a MAC of bytes 0–23 under the
 * namespace's secret, so an id from another namespace, or a mistyped one, is refused by {@code idFromString}.
 * The namespace secret survives renames and transfers, so ids stay valid.
 */
record ObjectIdImpl(String hex, Optional<String> name, Optional<String> jurisdiction) implements DurableObjectId {

    static final List<String> JURISDICTIONS = List.of("eu", "fedramp", "fedramp-high", "us");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    static ObjectIdImpl fromName(String secret, Optional<String> jurisdiction, String name) {
        byte[] id = new byte[32];
        id[0] = code(jurisdiction);
        byte[] hash = mac(secret, ("name\0" + jurisdiction.orElse("") + "\0" + name).getBytes(StandardCharsets.UTF_8));
        System.arraycopy(hash, 0, id, 1, 23);
        seal(secret, id);
        return new ObjectIdImpl(HEX.formatHex(id), Optional.of(name), jurisdiction);
    }

    static ObjectIdImpl unique(String secret, Optional<String> jurisdiction) {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        id[0] = code(jurisdiction);
        seal(secret, id);
        return new ObjectIdImpl(HEX.formatHex(id), Optional.empty(), jurisdiction);
    }

    /**
     * @param expectedJurisdiction the jurisdiction of the namespace parsing it (ids of the plain namespace parse anywhere)
     * @throws DurableObjectException (400) if the text is not an id of this namespace
     */
    static ObjectIdImpl parse(String secret, String text, String namespaceDescription) {
        if (text.length() != 64 || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new DurableObjectException(400, "Invalid Durable Object ID: must be 64 lowercase hex digits, got '"
                    + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "' (" + text.length() + " characters)");
        }
        byte[] id = HEX.parseHex(text);
        byte[] expected = Arrays.copyOf(id, 32);
        seal(secret, expected);
        if (!Arrays.equals(id, expected) || (id[0] & 0xFF) > JURISDICTIONS.size()) {
            throw new DurableObjectException(400, "Invalid Durable Object ID: '" + text + "' is not an id of " + namespaceDescription
                    + " (it belongs to another namespace or was altered)");
        }
        int code = id[0] & 0xFF;
        return new ObjectIdImpl(text, Optional.empty(), code == 0 ? Optional.empty() : Optional.of(JURISDICTIONS.get(code - 1)));
    }

    /** @return the id of a key Kiln made itself (no MAC check), with the name if known */
    static ObjectIdImpl trusted(String hex, Optional<String> name) {
        int code = HEX.parseHex(hex, 0, 2)[0] & 0xFF;
        return new ObjectIdImpl(hex, name, code == 0 || code > JURISDICTIONS.size() ? Optional.empty() : Optional.of(JURISDICTIONS.get(code - 1)));
    }

    static String checkJurisdiction(String jurisdiction) {
        if (!JURISDICTIONS.contains(jurisdiction)) {
            throw new IllegalArgumentException("unknown jurisdiction '" + jurisdiction + "': use one of " + JURISDICTIONS);
        }
        return jurisdiction;
    }

    private static byte code(Optional<String> jurisdiction) {
        return (byte) jurisdiction.map(j -> JURISDICTIONS.indexOf(j) + 1).orElse(0).intValue();
    }

    private static void seal(String secret, byte[] id) {
        byte[] tag = mac(secret, Arrays.copyOf(id, 24));
        System.arraycopy(tag, 0, id, 24, 8);
    }

    private static byte[] mac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DurableObjectId other && hex.equals(other.toString());
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }
}

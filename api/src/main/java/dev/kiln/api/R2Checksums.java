package dev.kiln.api;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checksums of an object's content, as lower-case hex ({@code R2Checksums}, bindings.md §4). A stored
 * object carries {@code md5} when it was not uploaded in parts, plus any other algorithm given at upload.
 * The same record states the checksums a client expects in a put: each one set is verified.
 */
public record R2Checksums(Optional<String> md5, Optional<String> sha1, Optional<String> sha256,
                          Optional<String> sha384, Optional<String> sha512) {

    /** No checksums. */
    public static final R2Checksums NONE = new R2Checksums(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /** The algorithms R2 knows, with their Java names and digest lengths in bytes. */
    public enum Algorithm {
        MD5("MD5", 16), SHA1("SHA-1", 20), SHA256("SHA-256", 32), SHA384("SHA-384", 48), SHA512("SHA-512", 64);

        private final String javaName;
        private final int length;

        Algorithm(String javaName, int length) {
            this.javaName = javaName;
            this.length = length;
        }

        /** @return the name {@link java.security.MessageDigest#getInstance(String)} takes */
        public String javaName() {
            return javaName;
        }

        /** @return the digest length in bytes */
        public int length() {
            return length;
        }
    }

    /**
     * @param hexOrBase64 the digest as hex, or as standard base64 (as {@code Content-MD5} carries it)
     * @return checksums holding this one digest
     * @throws R2Exception InvalidArgument if the value is not a digest of that algorithm's length
     */
    public static R2Checksums of(Algorithm algorithm, String hexOrBase64) {
        return NONE.with(algorithm, hexOrBase64);
    }

    /** @return checksums holding this one digest, given as bytes */
    public static R2Checksums of(Algorithm algorithm, byte[] digest) {
        return of(algorithm, HexFormat.of().formatHex(digest));
    }

    /** @return these checksums with one more (replacing that algorithm's) */
    public R2Checksums with(Algorithm algorithm, String hexOrBase64) {
        Optional<String> hex = Optional.of(normalize(algorithm, hexOrBase64));
        return switch (algorithm) {
            case MD5 -> new R2Checksums(hex, sha1, sha256, sha384, sha512);
            case SHA1 -> new R2Checksums(md5, hex, sha256, sha384, sha512);
            case SHA256 -> new R2Checksums(md5, sha1, hex, sha384, sha512);
            case SHA384 -> new R2Checksums(md5, sha1, sha256, hex, sha512);
            case SHA512 -> new R2Checksums(md5, sha1, sha256, sha384, hex);
        };
    }

    /** @return the digest of that algorithm, if present */
    public Optional<String> get(Algorithm algorithm) {
        return switch (algorithm) {
            case MD5 -> md5;
            case SHA1 -> sha1;
            case SHA256 -> sha256;
            case SHA384 -> sha384;
            case SHA512 -> sha512;
        };
    }

    /** @return the digests present, by algorithm, in declaration order ({@code toJSON()}) */
    public Map<Algorithm, String> toMap() {
        Map<Algorithm, String> map = new LinkedHashMap<>();
        for (Algorithm a : Algorithm.values()) {
            get(a).ifPresent(v -> map.put(a, v));
        }
        return map;
    }

    private static String normalize(Algorithm algorithm, String value) {
        String hex = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (hex.length() == algorithm.length() * 2 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return hex;
        }
        try {
            byte[] bytes = java.util.Base64.getDecoder().decode(value.trim());
            if (bytes.length == algorithm.length()) {
                return HexFormat.of().formatHex(bytes);
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new R2Exception(R2Error.InvalidArgument, "The " + algorithm + " checksum '" + value + "' is not "
                + algorithm.length() + " bytes in hex or base64");
    }
}

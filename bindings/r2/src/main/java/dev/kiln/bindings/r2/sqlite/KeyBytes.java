package dev.kiln.bindings.r2.sqlite;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Object keys as the index stores them: UTF-8 bytes, compared unsigned, so they sort as R2 sorts keys. */
final class KeyBytes {

    private KeyBytes() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] append(byte[] bytes, byte b) {
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        out[bytes.length] = b;
        return out;
    }

    /**
     * @return the smallest byte string greater than every string starting with {@code prefix}, or null when
     *     there is none (empty prefix). UTF-8 never holds 0xFF, so the last byte can always be raised.
     */
    static byte[] prefixEnd(byte[] prefix) {
        if (prefix.length == 0) {
            return null;
        }
        byte[] end = prefix.clone();
        end[end.length - 1]++;
        return end;
    }
}

package dev.kiln.api;

import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

/** JSON encoding and decoding, backed by the runtime's codec. */
public final class Json {

    private Json() {
    }

    /**
     * @return the value as UTF-8 JSON bytes
     * @throws IllegalArgumentException if the value cannot be encoded
     */
    public static byte[] encode(Object value) {
        return Codec.INSTANCE.encode(value);
    }

    /** @return the value as JSON text */
    public static String stringify(Object value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    /**
     * @return the JSON decoded into {@code type}
     * @throws IllegalArgumentException if the JSON is malformed or does not fit the type
     */
    public static <T> T decode(byte[] json, Class<T> type) {
        return Codec.INSTANCE.decode(json, type);
    }

    /** @return the JSON text decoded into {@code type} (see {@link #decode(byte[], Class)}) */
    public static <T> T parse(String json, Class<T> type) {
        return decode(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Lazily found, once: the API module itself has no JSON library. */
    private static final class Codec {
        static final JsonCodec INSTANCE = ServiceLoader.load(JsonCodec.class, Json.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JSON codec on the class path: add kiln-runtime"));
    }
}

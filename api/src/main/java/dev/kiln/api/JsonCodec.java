package dev.kiln.api;

/**
 * Encodes and decodes JSON for {@link dev.kiln.api.Json}. Kiln's runtime provides the implementation,
 * found with {@link java.util.ServiceLoader}; workers do not implement it.
 */
public interface JsonCodec {

    /**
     * @param value a record, map, list, string, number, boolean or any bean the codec can map
     * @return the value as UTF-8 JSON
     * @throws IllegalArgumentException if the value cannot be encoded
     */
    byte[] encode(Object value);

    /**
     * @param json UTF-8 JSON text
     * @param type the target type ({@code Object.class} for maps, lists and scalars)
     * @return the decoded value
     * @throws IllegalArgumentException if the text is not valid JSON for the type, with the position of the fault
     */
    <T> T decode(byte[] json, Class<T> type);
}

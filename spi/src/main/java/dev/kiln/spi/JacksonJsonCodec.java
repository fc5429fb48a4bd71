package dev.kiln.spi;

import dev.kiln.api.JsonCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The runtime's {@link JsonCodec}, backed by Jackson. Found by {@link java.util.ServiceLoader}. */
public final class JacksonJsonCodec implements JsonCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** @return the mapper Kiln uses everywhere it reads or writes JSON */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T decode(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            var where = e.getLocation();
            String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new IllegalArgumentException("invalid JSON for " + type.getSimpleName() + position + ": " + e.getOriginalMessage(), e);
        }
    }
}

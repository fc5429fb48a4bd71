package dev.kiln.bindings.d1;

import dev.kiln.api.D1Exception;
import java.nio.ByteBuffer;

/** bindings.md §3 type mapping, JavaScript → SQLite, mirrored for Java values. */
final class D1Values {

    /** 2^53: the largest integer a JS number holds exactly. */
    private static final double MAX_SAFE_INTEGER = 9007199254740992.0;

    private D1Values() {
    }

    /**
     * @return the value as the store takes it: null, Long, Double, String or byte[]
     * @throws D1Exception {@code D1_TYPE_ERROR} for any other type
     */
    static Object toSqlite(Object value) {
        return switch (value) {
            case null -> null;
            case Boolean b -> b ? 1L : 0L;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case Double d -> number(d);
            case Float f -> number(f.doubleValue());
            case String s -> s;
            case byte[] bytes -> bytes.clone();
            case ByteBuffer buffer -> {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                yield bytes;
            }
            default -> throw new D1Exception(D1Exception.D1_TYPE_ERROR, "Type '" + value.getClass().getName()
                    + "' not supported for value '" + value + "'");
        };
    }

    /** A JS number is INTEGER when integral (and exact), else REAL. */
    private static Object number(double d) {
        if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) {
            return (long) d;
        }
        return d;
    }
}

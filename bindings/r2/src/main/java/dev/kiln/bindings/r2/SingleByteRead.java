package dev.kiln.bindings.r2;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@link InputStream#read()} for streams whose work (hashing, counting, decoding) is all in their array read:
 * the single byte goes through that same read, so it is hashed, counted and checked like any other.
 */
public final class SingleByteRead {

    private SingleByteRead() {
    }

    /** @return the next byte of {@code stream} (0 to 255), or -1 at its end, read with {@code read(byte[], int, int)} */
    public static int via(InputStream stream) throws IOException {
        byte[] one = new byte[1];
        return stream.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
}

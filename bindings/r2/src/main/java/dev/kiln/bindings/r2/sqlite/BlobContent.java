package dev.kiln.bindings.r2.sqlite;

import dev.kiln.bindings.r2.ObjectStore.ObjectContent;
import dev.kiln.bindings.r2.ObjectStore.ObjectInfo;
import dev.kiln.bindings.r2.SingleByteRead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Content held open on one version's file; reads are positional, so streams may overlap. */
final class BlobContent implements ObjectContent {

    private final ObjectInfo info;
    private final FileChannel channel;

    BlobContent(ObjectInfo info, FileChannel channel) {
        this.info = info;
        this.channel = channel;
    }

    @Override
    public ObjectInfo info() {
        return info;
    }

    @Override
    public InputStream read(long offset, long length) {
        return new RangeStream(channel, offset, length);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // a read-only channel: nothing is lost
        }
    }

    /** A stream of {@code length} bytes from {@code position} of a channel. */
    private static final class RangeStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private long remaining;

        RangeStream(FileChannel channel, long position, long length) {
            this.channel = channel;
            this.position = position;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            return SingleByteRead.via(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
            if (n < 0) {
                throw new IOException("content ended " + remaining + " bytes early");
            }
            position += n;
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, remaining);
        }
    }
}

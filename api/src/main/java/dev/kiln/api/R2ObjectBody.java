package dev.kiln.api;

import java.io.InputStream;

/**
 * An object with its content ({@code R2ObjectBody}), from {@link R2Bucket#get}. The content streams from
 * storage when read, so objects of any size can be passed on (e.g. as a response {@link Body}) without
 * being held in memory. It can be read once; {@link #close()} releases it when it will not be read
 * (otherwise the open file is released when the object is garbage-collected).
 */
public interface R2ObjectBody extends R2Object, AutoCloseable {

    /** @return the content (of the {@link #range()} when one was asked for), streamed and readable once */
    Body body();

    /** @return whether the content was already read */
    default boolean bodyUsed() {
        return body().isUsed();
    }

    /** @return the content as a stream (consumes it) */
    default InputStream stream() {
        return body().stream();
    }

    /** @return the whole content in memory ({@code arrayBuffer()} / {@code bytes()}) */
    default byte[] bytes() {
        return body().bytes();
    }

    /** @return the content decoded as UTF-8 */
    default String text() {
        return body().text();
    }

    /** @return the content decoded from JSON into {@code type} */
    default <T> T json(Class<T> type) {
        return Json.decode(bytes(), type);
    }

    /** Releases the content if it was not read. */
    @Override
    void close();
}

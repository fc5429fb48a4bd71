package dev.kiln.bindings.r2;

import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2Checksums.Algorithm;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Hashes content on its own thread while the caller writes it to storage, so a put costs the slower of
 * hashing and writing rather than their sum (MD5 runs at about disk speed). At most {@link #DEPTH} chunks
 * (each one read of the backend's buffer: 2 MiB in all with the embedded backend's 256 KiB) wait to be
 * hashed, so memory per upload stays small whatever the object's size.
 */
final class DigestPipeline {

    private static final int DEPTH = 8;
    private static final byte[] END = new byte[0];

    private final Map<Algorithm, MessageDigest> digests = new EnumMap<>(Algorithm.class);
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(DEPTH);
    private final CompletableFuture<R2Checksums> result = new CompletableFuture<>();
    private volatile boolean abandoned;

    /** @param algorithms the digests to compute */
    DigestPipeline(Set<Algorithm> algorithms) {
        algorithms.forEach(a -> digests.put(a, digest(a)));
        Thread.ofVirtual().name("kiln-r2-digest").start(this::run);
    }

    /** Queues a copy of the bytes for hashing; blocks while the hasher is {@link #DEPTH} chunks behind. */
    void update(byte[] bytes, int offset, int length) throws InterruptedIOException {
        if (length == 0) {
            return;
        }
        try {
            chunks.put(Arrays.copyOfRange(bytes, offset, offset + length));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing an upload");
        }
    }

    /** @return the hex digests of everything queued, once hashed */
    R2Checksums finish() {
        try {
            chunks.put(END);
            return result.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new IllegalStateException("interrupted while hashing an upload", e);
        }
    }

    /** Stops hashing (the upload failed); the hashing thread ends. */
    void abandon() {
        abandoned = true;
        chunks.clear();
        // The queue was just emptied and only the uploading thread adds to it, so this fits.
        chunks.offer(END);
    }

    private void run() {
        try {
            while (true) {
                byte[] chunk = chunks.take();
                if (chunk == END) {
                    break;
                }
                if (!abandoned) {
                    for (MessageDigest d : digests.values()) {
                        d.update(chunk);
                    }
                }
            }
            R2Checksums sums = R2Checksums.NONE;
            for (Map.Entry<Algorithm, MessageDigest> e : digests.entrySet()) {
                sums = sums.with(e.getKey(), HexFormat.of().formatHex(e.getValue().digest()));
            }
            result.complete(sums);
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    private static MessageDigest digest(Algorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.javaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + algorithm.javaName(), e);
        }
    }
}

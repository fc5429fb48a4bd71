package dev.kiln.bindings.durable;

import java.time.Duration;

/**
 * Tunables of the Durable Object runtime, with their defaults, read once from system properties:
 * <ul>
 * <li>{@code kiln.do.idleTimeout} (ISO-8601 duration, default {@code PT70S}): an object with no event for this
 * long is evicted (bindings.md §2.8: 70–140 s on Cloudflare);</li>
 * <li>{@code kiln.do.maxLive} (default 2,000, or an eighth of the process's file descriptor limit if lower: an
 * object with storage holds three files open): live objects kept in memory at most; the least recently used one
 * is evicted first (memory stays bounded however many objects are touched);</li>
 * <li>{@code kiln.do.maxBatch} (default 256): events committed together at most (group commit);</li>
 * <li>{@code kiln.do.committers} (default 16): platform threads that run commits (fsync);</li>
 * <li>{@code kiln.do.alarmRetryBase} (default {@code PT2S}): the first alarm retry delay (bindings.md §2.7).</li>
 * </ul>
 */
record Settings(Duration idleTimeout, long maxLive, int maxBatch, int committers, Duration alarmRetryBase) {

    private static long maxFileDescriptors() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 16_000;
    }

    static Settings fromSystemProperties() {
        return new Settings(
                Duration.parse(System.getProperty("kiln.do.idleTimeout", "PT70S")),
                Long.getLong("kiln.do.maxLive", Math.max(16, Math.min(2_000, maxFileDescriptors() / 8))),
                Integer.getInteger("kiln.do.maxBatch", 256),
                Integer.getInteger("kiln.do.committers", 16),
                Duration.parse(System.getProperty("kiln.do.alarmRetryBase", "PT2S")));
    }
}

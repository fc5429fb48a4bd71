package dev.kiln.http;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How a listener protects itself from clients that hold connections open. Read from system properties by
 * {@link #fromSystemProperties()}:
 *
 * <ul>
 *   <li>{@code kiln.http.maxConnections} (default 4,096): open connections per listener; one more is answered
 *       {@code 503} with {@code Connection: close}. Capped to a third of what the process's open-files limit
 *       leaves after 256 descriptors for everything else, so three full listeners cannot exhaust it.
 *   <li>{@code kiln.http.headerTimeout} (an ISO-8601 duration, default {@code PT10S}): time from a request line
 *       to the end of its header block; a slower client's connection is closed.
 *   <li>{@code kiln.http.idleTimeout} (default {@code PT60S}): a connection with no request in progress (including one
 *       whose request line has not arrived yet) is closed after this long.
 * </ul>
 *
 * @param maxConnections open connections per listener (after the open-files cap)
 * @param headerTimeout time allowed for a request's header block after its request line
 * @param idleTimeout time a connection may wait between requests
 */
public record ListenerSettings(int maxConnections, Duration headerTimeout, Duration idleTimeout) {

    /** Descriptors left for everything but connections: storage files, class path, outbound sockets. */
    private static final long RESERVED_DESCRIPTORS = 256;
    private static final int LISTENERS = 3;

    public ListenerSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive, got " + headerTimeout + " and " + idleTimeout);
        }
    }

    /** @return the settings of the {@code kiln.http.*} system properties, with their defaults */
    public static ListenerSettings fromSystemProperties() {
        int configured = Integer.getInteger("kiln.http.maxConnections", 4096);
        return new ListenerSettings(
                (int) Math.min(configured, descriptorShare()),
                Duration.parse(System.getProperty("kiln.http.headerTimeout", "PT10S")),
                Duration.parse(System.getProperty("kiln.http.idleTimeout", "PT60S")));
    }

    /** A listener's share of the open-files limit, or no cap where the JVM cannot tell it. */
    private static long descriptorShare() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return Math.max(16, (unix.getMaxFileDescriptorCount() - RESERVED_DESCRIPTORS) / LISTENERS);
        }
        return Integer.MAX_VALUE;
    }
}

package dev.kiln.server;

/**
 * Where Kiln listens.
 *
 * @param host worker listener address ({@code localhost} by default, as {@code wrangler dev})
 * @param port worker listener port; 0 picks a free one
 * @param adminHost admin listener address
 * @param adminPort admin listener port; 0 picks a free one
 * @param adminToken the bearer token every admin request must carry
 */
public record ServerOptions(String host, int port, String adminHost, int adminPort, String adminToken) {

    public ServerOptions {
        if (adminToken.length() < 16) {
            throw new IllegalArgumentException("admin token must be at least 16 characters, got " + adminToken.length());
        }
    }

    /** @return options for loopback on free ports, as tests want */
    public static ServerOptions ephemeral(String adminToken) {
        return new ServerOptions("127.0.0.1", 0, "127.0.0.1", 0, adminToken);
    }
}

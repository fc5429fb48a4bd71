package dev.kiln.server;

import dev.kiln.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * How to reach a running Kiln's admin API: its URL and bearer token, kept in the state directory
 * ({@code admin-token}, mode 600, and {@code admin-url}) so that {@code kiln tail} and other commands
 * pointed at the same state directory find them.
 *
 * @param url the admin listener's URL
 * @param token the bearer token
 */
public record AdminAccess(String url, String token) {

    private static final String TOKEN_FILE = "admin-token";
    private static final String URL_FILE = "admin-url";

    /** The outcome of {@link #token(Path, Optional)}: the token and whether it was just generated. */
    public record Token(String value, boolean generated) {
    }

    /**
     * The admin token: the one given (flag or {@code KILN_ADMIN_TOKEN}), else the one stored in the state
     * directory, else a new random one, stored there.
     */
    public static Token token(Path stateDir, Optional<String> given) {
        if (given.isPresent()) {
            return new Token(given.get(), false);
        }
        Path file = stateDir.resolve(TOKEN_FILE);
        try {
            if (Files.exists(file)) {
                return new Token(Files.readString(file, StandardCharsets.UTF_8).strip(), false);
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            PrivateFiles.createDirectories(stateDir);
            PrivateFiles.createFileIfAbsent(file); // mode 600 before the token is written into it
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            return new Token(token, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the admin token in " + file, e);
        }
    }

    /** Records the admin URL of the Kiln now running on this state directory. */
    public static void publishUrl(Path stateDir, String url) {
        try {
            PrivateFiles.createFileIfAbsent(stateDir.resolve(URL_FILE));
            Files.writeString(stateDir.resolve(URL_FILE), url + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve(URL_FILE), e);
        }
    }

    /** @return the admin URL and token recorded in the state directory, if a Kiln has run there */
    public static Optional<AdminAccess> read(Path stateDir) {
        Path url = stateDir.resolve(URL_FILE);
        Path token = stateDir.resolve(TOKEN_FILE);
        if (!Files.exists(url) || !Files.exists(token)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AdminAccess(Files.readString(url).strip(), Files.readString(token).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin access files in " + stateDir, e);
        }
    }
}

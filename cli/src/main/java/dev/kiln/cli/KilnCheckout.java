package dev.kiln.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Kiln checkout this CLI runs from: the directory with the {@code kiln} launcher and the Maven wrapper,
 * found above the CLI's own classes ({@code cli/target/...}).
 */
final class KilnCheckout {

    private KilnCheckout() {
    }

    /** @return the checkout's root directory, if this CLI runs from one */
    static Optional<Path> root() {
        Path location;
        try {
            location = Path.of(KilnCheckout.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
        for (Path dir = location; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("kiln")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /**
     * @return how to run the {@code kiln} launcher from the current directory: {@code ./kiln} in the checkout,
     *     {@code ../kiln} and so on below it, else its absolute path
     */
    static String launcher() {
        return root().map(root -> {
            Path cwd = Path.of("").toAbsolutePath();
            if (!cwd.startsWith(root)) {
                return root.resolve("kiln").toString();
            }
            String relative = cwd.relativize(root.resolve("kiln")).toString();
            return relative.contains("/") ? relative : "./" + relative;
        }).orElse("kiln");
    }
}

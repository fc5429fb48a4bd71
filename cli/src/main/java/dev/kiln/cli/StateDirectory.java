package dev.kiln.cli;

import dev.kiln.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one state directory (config.md §7): {@code --persist-to}, else {@code .wrangler/state} next to the
 * (first) worker's configuration, the same for {@code kiln dev} and every resource command.
 */
final class StateDirectory {

    private StateDirectory() {
    }

    static Path resolve(Path persistTo, Path configOrDir) {
        if (persistTo != null) {
            return persistTo.toAbsolutePath().normalize();
        }
        Path config = Files.isRegularFile(configOrDir) ? configOrDir : ConfigLoader.find(configOrDir);
        return config.toAbsolutePath().getParent().resolve(".wrangler/state").normalize();
    }
}

package dev.kiln.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Writes configuration files for tests and loads them with a fixed (empty) process environment. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WorkerConfig load(Path file) {
        return ConfigLoader.load(file, Optional.empty(), Map.of(), name -> null, SampleReader.ALL);
    }

    static WorkerConfig load(Path file, String env) {
        return ConfigLoader.load(file, Optional.of(env), Map.of(), name -> null, SampleReader.ALL);
    }
}

package dev.kiln.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a worker project with several classes in package {@code test} (a worker and its Durable Objects). */
final class ObjectProject {

    private ObjectProject() {
    }

    /**
     * @param toml the whole wrangler.toml
     * @param sources simple class name to the compilation unit's body after {@code package test;} and the imports
     */
    static Path write(Path root, String name, String toml, Map<String, String> sources) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir.resolve("src/main/java/test"));
            Files.writeString(dir.resolve("wrangler.toml"), toml);
            for (var e : sources.entrySet()) {
                Files.writeString(dir.resolve("src/main/java/test/" + e.getKey() + ".java"),
                        "package test;\nimport dev.kiln.api.*;\nimport java.util.*;\n" + e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}

package dev.kiln.config;

import java.nio.file.Path;

/** Picks the parser by file name: TOML for {@code .toml}, JSON with comments for {@code .jsonc}, else JSON. */
final class Sources {

    private Sources() {
    }

    public static Node parse(Path file, String text) {
        String name = file.getFileName().toString();
        if (name.endsWith(".toml")) {
            return TomlSource.read(file, text);
        }
        return JsonSource.read(file, text, name.endsWith(".jsonc"));
    }
}

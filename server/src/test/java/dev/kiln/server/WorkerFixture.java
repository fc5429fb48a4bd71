package dev.kiln.server;

import dev.kiln.runtime.KilnRuntime;
import dev.kiln.runtime.RuntimeOptions;
import dev.kiln.runtime.WorkerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Writes worker projects (wrangler.toml + one Java class) into a temporary directory and serves them. */
final class WorkerFixture {

    static final String TOKEN = "test-admin-token-0123456789";

    private WorkerFixture() {
    }

    /**
     * Writes a worker named {@code name} whose class {@code test.<ClassName>} has the given body.
     *
     * @param classBody the class body (fields and methods) of a class implementing dev.kiln.api.Worker
     * @param extraToml more TOML appended to wrangler.toml
     * @return the worker's directory
     */
    static Path worker(Path root, String name, String classBody, String extraToml) {
        Path dir = root.resolve(name);
        String className = "W" + name.replace("-", "");
        String toml = "name = \"" + name + "\"\nmain = \"test." + className + "\"\ncompatibility_date = \"2026-11-01\"\n" + extraToml;
        String source = """
                package test;
                import dev.kiln.api.*;
                import java.util.*;
                public final class %s implements Worker {
                %s
                }
                """.formatted(className, classBody);
        try {
            Files.createDirectories(dir.resolve("src/main/java/test"));
            Files.writeString(dir.resolve("wrangler.toml"), toml);
            Files.writeString(dir.resolve("src/main/java/test/" + className + ".java"), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static KilnServer serve(Path root, RuntimeOptions options, Path... workers) {
        List<WorkerSpec> specs = new ArrayList<>();
        for (Path w : workers) {
            specs.add(WorkerSpec.of(w));
        }
        KilnRuntime runtime = KilnRuntime.start(options, specs);
        return KilnServer.start(runtime, ServerOptions.ephemeral(TOKEN));
    }

    static RuntimeOptions options(Path root) {
        return RuntimeOptions.defaults(root.resolve("state")).withDrainTimeout(Duration.ofSeconds(10))
                .withBuildDir(Path.of("target", "kiln-test-build").toAbsolutePath());
    }
}

package dev.kiln.server;

import dev.kiln.runtime.KilnRuntime;
import dev.kiln.runtime.RuntimeOptions;
import dev.kiln.runtime.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        String className = "W" + name.replace("-", "");
        String toml = "name = \"" + name + "\"\nmain = \"test." + className + "\"\ncompatibility_date = \"2026-11-01\"\n" + extraToml;
        return ObjectProject.write(root, name, toml, Map.of(className, """
                public final class %s implements Worker {
                %s
                }
                """.formatted(className, classBody)));
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

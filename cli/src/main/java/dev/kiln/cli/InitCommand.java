package dev.kiln.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiln init DIR}: scaffolds a Java worker project (wrangler.toml, pom.xml, a worker class and a
 * passing JUnit test). Refuses to overwrite existing files.
 */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Create a new Java worker project.")
final class InitCommand implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Directory to create the project in (its name becomes the worker name).")
    Path dir;

    @Option(names = "--name", description = "Worker name (default: the directory name).")
    String name;

    @Option(names = "--package", description = "Java package of the worker (default: com.example.<name>).")
    String javaPackage;

    @Override
    public Integer call() {
        Path target = dir.toAbsolutePath().normalize();
        String worker = name != null ? name : target.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!NAME.matcher(worker).matches()) {
            throw new IllegalArgumentException("worker name '" + worker + "' must be lower-case letters, digits and '-' (pass --name)");
        }
        String pkg = javaPackage != null ? javaPackage : "com.example." + worker.replace('-', '_');
        if (!PACKAGE.matcher(pkg).matches()) {
            throw new IllegalArgumentException("'" + pkg + "' is not a valid lower-case Java package name");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", worker);
        values.put("package", pkg);
        values.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        values.put("kilnVersion", kilnVersion());
        values.put("junitVersion", "6.1.3");
        values.put("surefireVersion", "3.5.4");
        values.put("compilerVersion", "3.15.0");
        values.put("resourcesVersion", "3.3.1");
        Path sources = target.resolve("src/main/java").resolve(pkg.replace('.', '/'));
        Path tests = target.resolve("src/test/java").resolve(pkg.replace('.', '/'));
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("wrangler.toml.tmpl", target.resolve("wrangler.toml"));
        files.put("pom.xml.tmpl", target.resolve("pom.xml"));
        files.put("gitignore.tmpl", target.resolve(".gitignore"));
        files.put("Worker.java.tmpl", sources.resolve("Worker.java"));
        files.put("WorkerTest.java.tmpl", tests.resolve("WorkerTest.java"));
        for (Path file : files.values()) {
            if (Files.exists(file)) {
                throw new IllegalArgumentException(file + " already exists; kiln init does not overwrite files");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        files.forEach((template, file) -> {
            write(file, render(template, values));
            out.println("created " + target.relativize(file));
        });
        String kiln = KilnCheckout.launcher();
        out.println();
        out.println("Next, from this directory:");
        out.println("  " + kiln + " dev " + dir + "     serve it, reloading on changes");
        out.println("  " + kiln + " test " + dir + "    run its tests with the JDK and Maven Kiln uses (no other Java or Maven needed)");
        return 0;
    }

    static String kilnVersion() {
        String version = InitCommand.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-SNAPSHOT";
    }

    private static String render(String template, Map<String, String> values) {
        try (InputStream in = InitCommand.class.getResourceAsStream("init/" + template)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var e : values.entrySet()) {
                text = text.replace("${" + e.getKey() + "}", e.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + template, e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

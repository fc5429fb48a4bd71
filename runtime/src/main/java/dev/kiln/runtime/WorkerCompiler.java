package dev.kiln.runtime;

import dev.kiln.api.Worker;
import dev.kiln.spi.WorkerLoadException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a worker's sources ({@code src/main/java} under its config directory) against the Kiln API and
 * the jars in its {@code lib/} directory. Output goes to {@code <buildDir>/<content hash>/classes}, so an
 * unchanged source tree is compiled once and reused across restarts.
 */
final class WorkerCompiler {

    /** Where a worker's classes and class path come from. */
    public record Output(Path classes, List<Path> libraries) {
    }

    private final Path buildDir;

    /** @param buildDir directory for compiled classes (one per worker) */
    public WorkerCompiler(Path buildDir) {
        this.buildDir = buildDir;
    }

    /** @return the source root of a worker whose config lives in {@code baseDir} */
    public static Path sourceRoot(Path baseDir) {
        return baseDir.resolve("src/main/java");
    }

    /** @return the library directory of a worker whose config lives in {@code baseDir} */
    public static Path libraryDir(Path baseDir) {
        return baseDir.resolve("lib");
    }

    /**
     * @return the compiled classes of the worker whose config lives in {@code baseDir}
     * @throws WorkerLoadException if there are no sources or they do not compile (with file:line: messages)
     */
    public Output compile(Path baseDir) {
        Path sources = sourceRoot(baseDir);
        if (!Files.isDirectory(sources)) {
            throw new WorkerLoadException("no worker sources: " + sources + " does not exist (Kiln compiles the worker from src/main/java next to its wrangler config)");
        }
        List<Path> javaFiles = files(sources, ".java");
        if (javaFiles.isEmpty()) {
            throw new WorkerLoadException("no .java files under " + sources);
        }
        List<Path> libraries = Files.isDirectory(libraryDir(baseDir)) ? files(libraryDir(baseDir), ".jar") : List.of();
        Path out = buildDir.resolve(fingerprint(javaFiles, libraries)).resolve("classes");
        if (Files.isDirectory(out)) {
            return new Output(out, libraries);
        }
        Path staging = out.resolveSibling("classes.tmp-" + ProcessHandle.current().pid());
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
            javac(javaFiles, libraries, staging);
            Files.move(staging, out);
        } catch (IOException e) {
            if (Files.isDirectory(out)) {
                return new Output(out, libraries); // another process compiled the same sources
            }
            throw new UncheckedIOException("cannot write compiled classes to " + out, e);
        } finally {
            deleteTree(staging);
        }
        return new Output(out, libraries);
    }

    private static void javac(List<Path> javaFiles, List<Path> libraries, Path out) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new WorkerLoadException("no Java compiler in this runtime: run Kiln on a JDK, not a JRE");
        }
        List<Path> classPath = new ArrayList<>(libraries);
        classPath.add(apiLocation());
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of(
                    "--release", "21", "-proc:none", "-parameters", "-encoding", "UTF-8",
                    "-classpath", classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
                    "-d", out.toString());
            StringWriter messages = new StringWriter();
            boolean ok = compiler.getTask(messages, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(javaFiles)).call();
            if (!ok) {
                String errors = diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(WorkerCompiler::format)
                        .collect(Collectors.joining("\n"));
                throw new WorkerLoadException("worker sources do not compile:\n" + errors + messages);
            }
        }
    }

    private static String format(Diagnostic<? extends JavaFileObject> d) {
        String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()) + ":" + d.getLineNumber() + ":" + d.getColumnNumber() + ": ";
        return file + "error: " + d.getMessage(Locale.ROOT);
    }

    /** @return the jar or directory holding the Kiln API classes */
    static Path apiLocation() {
        try {
            return Path.of(Worker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the Kiln API classes", e);
        }
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** A hash of every input's path and content, and of the API the sources compile against. */
    private static String fingerprint(List<Path> javaFiles, List<Path> libraries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path p : javaFiles) {
                sha.update(p.toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(p));
            }
            for (Path p : libraries) {
                sha.update(p.toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Long.toString(Files.size(p)).getBytes(StandardCharsets.UTF_8));
                sha.update(Long.toString(Files.getLastModifiedTime(p).toMillis()).getBytes(StandardCharsets.UTF_8));
            }
            Path api = apiLocation();
            sha.update(api.toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Long.toString(Files.getLastModifiedTime(api).toMillis()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}

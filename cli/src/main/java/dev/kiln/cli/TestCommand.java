package dev.kiln.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln test [DIR] [-- MAVEN_ARG...]}: runs a worker project's tests (Maven's {@code test} phase) with the
 * JDK this CLI runs on and the checkout's Maven wrapper, so a project made by {@code kiln init} builds where the
 * default {@code java} is older than 21 or Maven is not installed. The exit code is Maven's.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run a worker project's tests with the JDK and Maven Kiln uses (extra Maven arguments after --).")
final class TestCommand implements Callable<Integer> {

    /** The flag that keeps Maven's own Unsafe use quiet on JDK 23+ (JDK 24+ warns about it otherwise). */
    static final String QUIET_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The project directory (default: the current one).")
    Path dir = Path.of(".");

    @Parameters(index = "1..*", paramLabel = "MAVEN_ARG", description = "More Maven arguments, for example -- -Dtest=WorkerTest.")
    List<String> mavenArgs = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Show Kiln's and Helidon's INFO logs in the test output (as KILN_LOG_LEVEL=info does).")
    boolean verbose;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path pom = dir.resolve("pom.xml").toAbsolutePath().normalize();
        if (!Files.isRegularFile(pom)) {
            throw new IllegalArgumentException("no pom.xml in " + dir + "; kiln test runs the Maven build of a project such as kiln init makes");
        }
        Path root = KilnCheckout.root().orElseThrow(() -> new IllegalStateException(
                "kiln test runs Maven from the Kiln checkout, and this CLI does not run from one"));
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-ntp", "-f", pom.toString(), "test"));
        command.addAll(mavenArgs);
        ProcessBuilder maven = new ProcessBuilder(command).inheritIO();
        environment(maven.environment(), verbose);
        return maven.start().waitFor();
    }

    /** Maven runs on this JDK, quietly; the tests it forks inherit KILN_LOG_LEVEL. */
    static void environment(Map<String, String> env, boolean verbose) {
        env.put("JAVA_HOME", System.getProperty("java.home"));
        String opts = env.getOrDefault("MAVEN_OPTS", "");
        if (Runtime.version().feature() >= 23 && !opts.contains("sun-misc-unsafe-memory-access")) {
            env.put("MAVEN_OPTS", (QUIET_UNSAFE + " " + opts).strip());
        }
        if (verbose) {
            env.put("KILN_LOG_LEVEL", "info");
        }
    }
}

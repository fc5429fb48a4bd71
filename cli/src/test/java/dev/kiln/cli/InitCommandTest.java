package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @TempDir
    Path dir;

    /** The JDK 17 a newcomer's machine may have as its default java; the scaffold must build without it. */
    static final Path JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    @Test
    void scaffoldsAProjectWhoseOwnTestPassesWithTheStepsItPrintsWhenTheDefaultJavaIs17() throws Exception {
        assumeTrue(Files.isExecutable(JDK_17.resolve("bin/java")), "no JDK 17 at " + JDK_17);
        Path project = dir.resolve("my-worker");
        CliRun run = CliRun.run("init", project.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(project.resolve("wrangler.toml")).content().contains("name = \"my-worker\"").contains("main = \"com.example.my_worker.Worker\"");
        assertThat(project.resolve("src/main/java/com/example/my_worker/Worker.java")).exists();
        assertThat(project.resolve("src/test/java/com/example/my_worker/WorkerTest.java")).exists();
        // Tests run in cli/, so the launcher of this checkout is ../kiln from here.
        assertThat(run.out()).contains("../kiln dev " + project).contains("../kiln test " + project);

        // `kiln test DIR` as the launcher runs it, on a machine whose JAVA_HOME and PATH lead to JDK 17: it must use
        // Kiln's JDK (the one running the CLI) and Kiln's Maven wrapper, and print no JUL, SLF4J or Unsafe noise.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "test", project.toString()));
        String repo = System.getProperty("kiln.test.mavenRepo");
        if (repo != null) {
            command.addAll(List.of("--", "-Dmaven.repo.local=" + repo)); // where this build installed kiln-api and kiln-testing
        }
        ProcessBuilder test = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("test.log").toFile());
        test.environment().put("JAVA_HOME", JDK_17.toString());
        test.environment().put("PATH", JDK_17.resolve("bin") + ":" + System.getenv("PATH"));
        test.environment().remove("MAVEN_OPTS");
        test.environment().remove("KILN_LOG_LEVEL");
        Process kiln = test.start();
        assertThat(kiln.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String log = Files.readString(dir.resolve("test.log"));
        assertThat(kiln.exitValue()).as(log).isZero();
        assertThat(log).contains("Tests run: 1, Failures: 0, Errors: 0")
                .doesNotContain("INFO: ").doesNotContain("io.helidon").doesNotContain("SLF4J").doesNotContain("sun.misc.Unsafe");
        assertThat(project.resolve("target/surefire-reports")).isDirectoryContaining(p -> p.getFileName().toString().contains("WorkerTest"));
    }

    @Test
    void jdkLookupSkipsAJavaHomeOlderThan21AndQuietsMavenOnNewJdks() throws Exception {
        assumeTrue(Files.isExecutable(JDK_17.resolve("bin/java")), "no JDK 17 at " + JDK_17);
        Path script = Path.of("..", "scripts", "jdk.sh").toAbsolutePath().normalize();
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", "source '" + script + "' && find_jdk && quiet_maven && echo \"$JAVA_HOME|${MAVEN_OPTS:-}\"")
                .redirectErrorStream(true);
        bash.environment().put("JAVA_HOME", JDK_17.toString());
        bash.environment().remove("MAVEN_OPTS");
        Process process = bash.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as(out).isZero();
        String[] found = out.split("\\|", -1);
        Path jdk = Path.of(found[0]);
        assertThat(jdk).isNotEqualTo(JDK_17);
        int major = majorVersion(jdk);
        assertThat(major).isGreaterThanOrEqualTo(21);
        assertThat(found[1]).isEqualTo(major >= 23 ? TestCommand.QUIET_UNSAFE : "");
    }

    private static int majorVersion(Path jdk) throws Exception {
        String release = Files.readString(jdk.resolve("release"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(release);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void refusesToOverwriteAnExistingProject() {
        Path project = dir.resolve("twice");
        assertThat(CliRun.run("init", project.toString()).exitCode()).isZero();
        CliRun again = CliRun.run("init", project.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void rejectsAnInvalidWorkerName() {
        CliRun run = CliRun.run("init", dir.resolve("Bad_Name").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("must be lower-case letters, digits and '-'");
    }
}

package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @TempDir
    Path dir;

    @Test
    void scaffoldsAProjectWhoseOwnTestPasses() throws Exception {
        Path project = dir.resolve("my-worker");
        CliRun run = CliRun.run("init", project.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(project.resolve("wrangler.toml")).content().contains("name = \"my-worker\"").contains("main = \"com.example.my_worker.Worker\"");
        assertThat(project.resolve("src/main/java/com/example/my_worker/Worker.java")).exists();
        assertThat(project.resolve("src/test/java/com/example/my_worker/WorkerTest.java")).exists();

        // The scaffold's own JUnit test must pass against the Kiln just built (installed earlier in this build).
        // Not offline: the scaffold resolves its own transitive versions, which Kiln's build may never have fetched.
        Path repo = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder build = new ProcessBuilder(repo.resolve("mvnw").toString(), "-q", "-B", "-f", project.resolve("pom.xml").toString(), "test")
                .redirectErrorStream(true).redirectOutput(dir.resolve("mvn.log").toFile());
        build.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process mvn = build.start();
        assertThat(mvn.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(mvn.exitValue()).as(java.nio.file.Files.readString(dir.resolve("mvn.log"))).isZero();
        assertThat(project.resolve("target/surefire-reports")).isDirectoryContaining(p -> p.getFileName().toString().contains("WorkerTest"));
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

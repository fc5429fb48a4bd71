package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Request;
import dev.kiln.runtime.Exchange;
import dev.kiln.runtime.KilnRuntime;
import dev.kiln.runtime.RuntimeOptions;
import dev.kiln.runtime.WorkerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory written by Kiln 0.1 at commit 5742189 (before bindings became modules), read by this Kiln:
 * its KV namespace, D1 database, R2 bucket, S3 access key and Durable Object are all where they were. The fixture
 * was made with that version's own CLI and {@code kiln dev examples/counter} (three increments of object "a").
 */
class LegacyStateTest {

    private static final String GREETING = "hello from 5742189";

    @TempDir
    Path dir;
    String state;

    @BeforeEach
    void unpack() throws IOException, InterruptedException {
        Path tar = Path.of("src", "test", "resources", "legacy-state-5742189.tar.gz").toAbsolutePath();
        Path target = Files.createDirectories(dir.resolve("state"));
        Process p = new ProcessBuilder("tar", "-C", target.toString(), "-xzf", tar.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        state = target.toString();
    }

    @Test
    void resourceCommandsReadWhatTheOldVersionWrote() throws IOException {
        assertThat(CliRun.run("kv", "key", "get", "--namespace-id", "legacy", "greeting", "--text", "--persist-to", state).out())
                .isEqualTo(GREETING);
        assertThat(CliRun.run("d1", "execute", "legacy-db", "--command", "SELECT body FROM notes", "--json", "--persist-to", state).out())
                .contains(GREETING);
        Path copy = dir.resolve("greeting.txt");
        assertThat(CliRun.run("r2", "object", "get", "legacy-bucket/greeting.txt", "--file", copy.toString(), "--persist-to", state).exitCode())
                .isZero();
        assertThat(Files.readString(copy)).isEqualTo(GREETING);
        assertThat(CliRun.run("r2", "credentials", "list", "--persist-to", state).out()).contains("6dc566ef33ab78607c9fea7f7773a71b");
        assertThat(CliRun.run("do", "storage", "list", "--class", "counter.Counter", "--name", "a", "--persist-to", state).out())
                .contains("\"value\" : 3");
    }

    // The object's id comes from the class secret recorded by the old version's migration: the same name reaches
    // the same object, which counts on from its stored value.
    @Test
    void aDurableObjectKeepsItsIdAndStateAcrossTheUpgrade() {
        RuntimeOptions options = RuntimeOptions.defaults(Path.of(state)).withBuildDir(Path.of("target", "kiln-test-build").toAbsolutePath());
        try (KilnRuntime runtime = KilnRuntime.start(options, List.of(WorkerSpec.of(DoCommandTest.COUNTER)))) {
            Exchange e = runtime.handle(Request.builder("http://localhost/counter/a/increment").method("POST").build());
            assertThat(e.response().status()).isEqualTo(200);
            assertThat(e.response().body().text()).isEqualTo("4");
            e.finish(null);
        }
    }
}

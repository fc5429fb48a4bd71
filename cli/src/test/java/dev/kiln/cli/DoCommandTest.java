package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Request;
import dev.kiln.runtime.Exchange;
import dev.kiln.runtime.KilnRuntime;
import dev.kiln.runtime.RuntimeOptions;
import dev.kiln.runtime.WorkerSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln do ...} reads a running Kiln's Durable Object storage (examples/counter). */
class DoCommandTest {

    static final Path COUNTER = Path.of("..", "examples", "counter").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    KilnRuntime runtime;
    String state;

    @BeforeEach
    void start() {
        runtime = KilnRuntime.start(RuntimeOptions.defaults(dir.resolve("state")).withBuildDir(Path.of("target", "kiln-test-build").toAbsolutePath()),
                List.of(WorkerSpec.of(COUNTER)));
        state = dir.resolve("state").toString();
        increment("alpha");
        increment("alpha");
        increment("beta");
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private void increment(String name) {
        Exchange e = runtime.handle(Request.builder("http://localhost/counter/" + name + "/increment").method("POST").build());
        assertThat(e.response().status()).isEqualTo(200);
        e.finish(null);
    }

    @Test
    void listsNamespacesAndObjectsWithTheirNames() {
        CliRun namespaces = CliRun.run("do", "list", "--persist-to", state);
        assertThat(namespaces.exitCode()).isZero();
        assertThat(namespaces.out()).contains("\"namespace\" : \"counter.Counter\"").contains("\"objects\" : 2");
        CliRun objects = CliRun.run("do", "list", "--class", "Counter", "-c", COUNTER.toString(), "--persist-to", state);
        assertThat(objects.exitCode()).isZero();
        assertThat(objects.out()).contains("\"name\" : \"alpha\"").contains("\"name\" : \"beta\"").containsPattern("\"id\" : \"[0-9a-f]{64}\"");
    }

    @Test
    void readsStorageByNameWhileKilnRuns() {
        CliRun get = CliRun.run("do", "storage", "get", "--class", "counter.Counter", "--name", "alpha", "value", "--persist-to", state);
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out().trim()).isEqualTo("2");
        CliRun list = CliRun.run("do", "storage", "list", "--class", "counter.Counter", "--name", "beta", "--persist-to", state);
        assertThat(list.out()).contains("\"value\" : 1");
        CliRun missing = CliRun.run("do", "storage", "get", "--class", "counter.Counter", "--name", "alpha", "nope", "--persist-to", state);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("key 'nope' not found");
        CliRun unknown = CliRun.run("do", "storage", "list", "--class", "counter.Counter", "--name", "gamma", "--persist-to", state);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("(name 'gamma') of counter.Counter has no storage");
    }

    @Test
    void sqlIsReadOnly() {
        CliRun select = CliRun.run("do", "sql", "--class", "counter.Counter", "--name", "alpha", "SELECT 40 + 2 AS answer", "--persist-to", state);
        assertThat(select.exitCode()).as(select.err()).isZero();
        assertThat(select.out()).contains("\"answer\"").contains("42");
        CliRun write = CliRun.run("do", "sql", "--class", "counter.Counter", "--name", "alpha", "CREATE TABLE t (x)", "--persist-to", state);
        assertThat(write.exitCode()).isEqualTo(1);
        assertThat(write.err()).contains("readonly");
    }
}

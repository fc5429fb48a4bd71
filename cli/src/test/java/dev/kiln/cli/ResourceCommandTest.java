package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every resource command gets from {@link ResourceCommand}, checked across the kinds (cli.md "Resource location"). */
class ResourceCommandTest {

    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("state");
    }

    private CliRun run(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--persist-to", state().toString())).toArray(String[]::new);
        return CliRun.run(all);
    }

    static Stream<Arguments> refusedArguments() throws Exception {
        Path notAnArray = Files.createTempFile("kiln-bulk", ".json");
        Files.writeString(notAnArray, "{}");
        notAnArray.toFile().deleteOnExit();
        return Stream.of(
                Arguments.of(new String[] {"kv", "key", "put", "k", "--namespace-id", "cache"}, "give exactly one of VALUE or --path"),
                Arguments.of(new String[] {"kv", "bulk", "put", notAnArray.toString(), "--namespace-id", "cache"}, "expected a JSON array"),
                Arguments.of(new String[] {"kv", "namespace", "delete"}, "name the namespace to delete"),
                Arguments.of(new String[] {"d1", "create", "db", "--location", "mars"}, "--location must be one of"),
                Arguments.of(new String[] {"d1", "export", "db", "--output", "x.sql", "--no-schema", "--no-data"}, "leave nothing to export"),
                Arguments.of(new String[] {"r2", "object", "put", "bucket", "--pipe"}, "must be BUCKET/KEY"),
                Arguments.of(new String[] {"r2", "object", "get", "bucket/key", "--file", "x", "--pipe"}, "at most one of --file FILE or --pipe"));
    }

    // Arguments are checked before the backend opens: a refused command prints only its error and creates nothing.
    @ParameterizedTest
    @MethodSource("refusedArguments")
    void badArgumentsAreRefusedBeforeTheStateDirectoryIsTouched(String[] args, String message) {
        CliRun run = run(args);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: ").contains(message).doesNotContain("Resource location");
        assertThat(state()).doesNotExist();
    }

    @Test
    void aCommandThatReachesTheStoreSaysWhereOnStderrAndAnswersOnStdout() {
        CliRun created = run("kv", "namespace", "create", "cache");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.err()).isEqualTo("Resource location: local (" + state() + ")\n"
                + "(the state directory does not exist yet; it will be created)\n");
        assertThat(created.out()).startsWith("Created KV namespace 'cache'").contains("[[kv_namespaces]]\nbinding = \"CACHE\"\nid = \"cache\"\n");

        CliRun listed = run("kv", "namespace", "list");
        assertThat(listed.err()).isEqualTo("Resource location: local (" + state() + ")\n");
        assertThat(listed.out()).contains("\"id\" : \"cache\"").contains("\"title\" : \"cache\"");
    }

    @Test
    void aFailureAfterTheStoreOpensIsOneErrorLineAfterTheLocation() {
        CliRun missing = run("kv", "namespace", "delete", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("Resource location: local (" + state() + ")\n"
                + "(the state directory does not exist yet; it will be created)\n"
                + "error: KV namespace 'nope' does not exist in " + state() + "\n");
    }

    // The backend closes when the command ends, failed or not: SQLite checkpoints and removes a database's WAL
    // file when its last connection closes, so none is left behind.
    @Test
    void theBackendIsClosedWhenTheCommandEnds() {
        assertThat(run("kv", "namespace", "create", "cache").exitCode()).isZero();
        assertThat(run("kv", "key", "put", "k", "v", "--namespace-id", "cache").out()).isEqualTo("Wrote 1 bytes to key 'k'\n");
        assertThat(run("kv", "key", "get", "missing", "--text", "--namespace-id", "cache").exitCode()).isEqualTo(1);
        assertThat(run("kv", "key", "get", "k", "--text", "--namespace-id", "cache").out()).isEqualTo("v");
        assertThat(state().resolve("kv")).isDirectoryNotContaining("glob:**-wal");
    }
}

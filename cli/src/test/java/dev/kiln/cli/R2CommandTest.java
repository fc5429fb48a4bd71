package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln r2 bucket|object ...} (cli.md R2) on a real state directory. */
class R2CommandTest {

    @TempDir
    Path dir;

    private CliRun r2(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "r2";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--persist-to";
        full[args.length + 2] = dir.resolve("state").toString();
        return CliRun.run(full);
    }

    // cli.md R2: bucket create | list | info | delete; every command prints the state directory it acts on
    @Test
    void bucketsAreCreatedListedInspectedAndDeleted() {
        CliRun created = r2("bucket", "create", "photos");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.err()).contains("Resource location: local (" + dir.resolve("state") + ")");
        assertThat(created.out()).contains("Created bucket 'photos'").contains("bucket_name = \"photos\"");
        assertThat(dir.resolve("state/r2/photos/index.sqlite")).exists();

        CliRun list = r2("bucket", "list");
        assertThat(list.out()).contains("name:           photos").contains("creation_date:");
        assertThat(r2("bucket", "info", "photos").out()).contains("object_count:   0");

        CliRun again = r2("bucket", "create", "photos");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");

        assertThat(r2("bucket", "delete", "photos").exitCode()).isZero();
        assertThat(r2("bucket", "list").out()).doesNotContain("photos");
        assertThat(dir.resolve("state/r2/photos")).doesNotExist();
    }

    // bindings.md §4: bucket names are 3-63 lower-case letters, digits and '-'
    @Test
    void anInvalidBucketNameIsRefusedClearly() {
        CliRun bad = r2("bucket", "create", "Bad_Name");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("bucket name 'Bad_Name' is not valid");
    }

    // cli.md R2: object put/get with --file, delete; get without --file writes a file named after the key
    @Test
    void objectsArePutReadAndDeletedWithFiles() throws IOException {
        r2("bucket", "create", "docs");
        byte[] content = new byte[3 * 1024 * 1024 + 7];
        new Random(7).nextBytes(content);
        Path source = Files.write(dir.resolve("source.bin"), content);

        CliRun put = r2("object", "put", "docs/reports/2026.bin", "--file", source.toString(), "--content-type", "application/pdf");
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out()).contains("Uploaded 'docs/reports/2026.bin': " + content.length + " bytes");
        assertThat(r2("bucket", "info", "docs").out()).contains("object_count:   1").contains("bucket_size:    " + content.length + " B");

        Path copy = dir.resolve("copy.bin");
        CliRun get = r2("object", "get", "docs/reports/2026.bin", "--file", copy.toString());
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        assertThat(dir).isDirectoryNotContaining("glob:**.kiln-partial");

        assertThat(r2("object", "delete", "docs/reports/2026.bin").exitCode()).isZero();
        CliRun gone = r2("object", "get", "docs/reports/2026.bin", "--file", copy.toString());
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("object 'reports/2026.bin' does not exist in bucket 'docs'");
        assertThat(r2("bucket", "delete", "docs").exitCode()).isZero();
    }

    // cli.md R2: every command fails clearly on a missing bucket
    @Test
    void aMissingBucketFailsClearly() throws IOException {
        Path source = Files.writeString(dir.resolve("a.txt"), "a");
        for (String[] args : new String[][] {
                {"object", "put", "nope/a.txt", "--file", source.toString()},
                {"object", "get", "nope/a.txt", "--file", dir.resolve("b").toString()},
                {"object", "delete", "nope/a.txt"},
                {"bucket", "info", "nope"},
                {"bucket", "delete", "nope"}}) {
            CliRun run = r2(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(run.err()).contains("R2 bucket 'nope' does not exist in " + dir.resolve("state"))
                    .contains("kiln r2 bucket create nope");
        }
        assertThat(dir.resolve("state/r2/nope")).doesNotExist();
    }

    // bindings.md §4: a bucket holding objects is not deleted
    @Test
    void aBucketWithObjectsIsNotDeleted() throws IOException {
        r2("bucket", "create", "full");
        r2("object", "put", "full/x", "--file", Files.writeString(dir.resolve("x"), "x").toString());
        CliRun delete = r2("bucket", "delete", "full");
        assertThat(delete.exitCode()).isEqualTo(1);
        assertThat(delete.err()).contains("is not empty (10008)");
    }

    // cli.md R2: object path is BUCKET/KEY; exactly one content source
    @Test
    void badObjectArgumentsAreRefused() throws IOException {
        r2("bucket", "create", "b-1");
        assertThat(r2("object", "put", "no-slash", "--pipe").err()).contains("must be BUCKET/KEY");
        assertThat(r2("object", "put", "b-1/k").err()).contains("exactly one of --file FILE or --pipe");
        Path f = Files.writeString(dir.resolve("f"), "f");
        assertThat(r2("object", "put", "b-1/k", "--file", f.toString(), "--pipe").err()).contains("exactly one of --file FILE or --pipe");
    }

    // cli.md R2: --pipe reads stdin (put) and writes stdout (get), as wrangler does
    @Test
    void pipeStreamsThroughStdinAndStdout() throws Exception {
        r2("bucket", "create", "piped");
        byte[] content = new byte[2 * 1024 * 1024];
        new Random(11).nextBytes(content);

        Process put = kiln("r2", "object", "put", "piped/blob", "--pipe");
        try (OutputStream stdin = put.getOutputStream()) {
            stdin.write(content);
        }
        String putOut = new String(put.getInputStream().readAllBytes());
        assertThat(put.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(put.exitValue()).as(putOut + new String(put.getErrorStream().readAllBytes())).isZero();

        Process get = kiln("r2", "object", "get", "piped/blob", "--pipe");
        get.getOutputStream().close();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (InputStream stdout = get.getInputStream()) {
            stdout.transferTo(received);
        }
        String err = new String(get.getErrorStream().readAllBytes());
        assertThat(get.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(get.exitValue()).as(err).isZero();
        assertThat(err).contains("Resource location: local (" + dir.resolve("state") + ")");
        assertThat(received.toByteArray()).isEqualTo(content);
    }

    private Process kiln(String... args) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(java.util.List.of(args));
        command.addAll(java.util.List.of("--persist-to", dir.resolve("state").toString()));
        return new ProcessBuilder(command).start();
    }
}

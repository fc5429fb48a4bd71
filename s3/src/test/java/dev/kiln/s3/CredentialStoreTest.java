package dev.kiln.s3;

import dev.kiln.s3.sqlite.SqliteCredentialStore;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access keys in a real SQLite file: created, found, listed, deleted, kept owner-only, and shared between opens. */
class CredentialStoreTest {

    @TempDir
    Path state;

    @Test
    void aCreatedKeyIsFoundByItsIdAndSurvivesReopening() {
        Credentials created;
        try (SqliteCredentialStore store = SqliteCredentialStore.open(state)) {
            created = store.create();
            assertThat(created.accessKeyId()).matches("[0-9a-f]{32}");
            assertThat(created.secretAccessKey()).matches("[0-9a-f]{64}");
        }
        try (SqliteCredentialStore store = SqliteCredentialStore.open(state)) {
            assertThat(store.secret(created.accessKeyId())).contains(created.secretAccessKey());
            assertThat(store.list()).extracting(Credentials::accessKeyId).containsExactly(created.accessKeyId());
        }
    }

    @Test
    void aDeletedKeyIsGoneForAnotherOpenStoreToo() {
        try (SqliteCredentialStore cli = SqliteCredentialStore.open(state); SqliteCredentialStore server = SqliteCredentialStore.open(state)) {
            Credentials key = cli.create();
            assertThat(server.secret(key.accessKeyId())).isPresent();
            assertThat(cli.delete(key.accessKeyId())).isTrue();
            assertThat(server.secret(key.accessKeyId())).isEmpty();
            assertThat(cli.delete(key.accessKeyId())).isFalse();
        }
    }

    @Test
    void theSecretsFileIsReadableByItsOwnerOnly() throws IOException {
        try (SqliteCredentialStore store = SqliteCredentialStore.open(state)) {
            store.create();
            Path file = SqliteCredentialStore.file(state);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            if (Files.exists(wal)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void credentialsNeverShowTheSecretWhenPrinted() {
        try (SqliteCredentialStore store = SqliteCredentialStore.open(state)) {
            Credentials key = store.create();
            assertThat(key.toString()).contains(key.accessKeyId()).doesNotContain(key.secretAccessKey());
        }
    }
}

package dev.kiln.cli;

import dev.kiln.spi.Backend;
import dev.kiln.spi.JacksonJsonCodec;
import dev.kiln.s3.CredentialStore;
import dev.kiln.s3.Credentials;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiln r2 credentials create|list|delete}: the access keys of the S3-compatible API
 * ({@code kiln dev --s3-port}), kept in the state directory. A running {@code kiln dev} sees changes at its
 * next request. Exit codes: 0 success, 1 failure (e.g. deleting an unknown key).
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Manage access keys for the S3-compatible API (kiln dev --s3-port).",
        subcommands = {R2CredentialsCommand.Create.class, R2CredentialsCommand.ListAll.class, R2CredentialsCommand.Delete.class})
final class R2CredentialsCommand {

    @Command(name = "create", description = "Create an access key; prints its id and secret (the secret is shown only here).")
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Option(names = "--json", description = "Print {\"accessKeyId\": ..., \"secretAccessKey\": ...}.") boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                CredentialStore credentials = backend.store(CredentialStore.class);
                Credentials created = credentials.create();
                if (json) {
                    Map<String, String> body = new LinkedHashMap<>();
                    body.put("accessKeyId", created.accessKeyId());
                    body.put("secretAccessKey", created.secretAccessKey());
                    out.println(JacksonJsonCodec.mapper().writeValueAsString(body));
                } else {
                    out.println("Access Key ID:     " + created.accessKeyId());
                    out.println("Secret Access Key: " + created.secretAccessKey());
                    out.println("Keep the secret now: it is not shown again. Use region \"auto\" and path-style addressing.");
                }
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List access key ids and when they were created (never the secrets).")
    static final class ListAll implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Option(names = "--json", description = "Print a JSON array of {accessKeyId, created}.") boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                CredentialStore credentials = backend.store(CredentialStore.class);
                List<Credentials> all = credentials.list();
                if (json) {
                    List<Map<String, String>> rows = all.stream()
                            .map(c -> Map.of("accessKeyId", c.accessKeyId(), "created", c.created().toString())).toList();
                    out.println(JacksonJsonCodec.mapper().writeValueAsString(rows));
                } else if (all.isEmpty()) {
                    out.println("No access keys; create one with `kiln r2 credentials create`.");
                } else {
                    all.forEach(c -> out.println(c.accessKeyId() + "  created " + c.created()));
                }
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an access key; requests signed with it fail from then on.")
    static final class Delete implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Parameters(paramLabel = "ACCESS_KEY_ID") String accessKeyId;

        @Override
        public Integer call() {
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                CredentialStore credentials = backend.store(CredentialStore.class);
                if (!credentials.delete(accessKeyId)) {
                    throw new IllegalArgumentException("no access key '" + accessKeyId + "'; `kiln r2 credentials list` shows them");
                }
                spec.commandLine().getOut().println("Deleted access key " + accessKeyId);
            }
            return 0;
        }
    }
}

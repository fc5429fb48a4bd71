package dev.kiln.cli;

import dev.kiln.bindings.kv.KvNamespaceBinding;
import dev.kiln.bindings.kv.KvStores;
import dev.kiln.api.KvNamespace;
import dev.kiln.api.KvNamespace.PutOptions;
import dev.kiln.config.Binding;
import dev.kiln.spi.JacksonJsonCodec;
import dev.kiln.bindings.kv.KvBinding;
import dev.kiln.spi.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kiln kv ...}: the KV namespaces and keys of the local state directory, the same store
 * {@code kiln dev} uses (safe while it runs: SQLite's locking serializes writers).
 */
@Command(name = "kv", mixinStandardHelpOptions = true, description = "Manage Workers KV namespaces and keys.",
        subcommands = {KvCommand.Namespace.class, KvCommand.Key.class, KvCommand.Bulk.class})
final class KvCommand {

    /** {@code --binding B} or {@code --namespace-id ID}, resolved against the config and the store. */
    static final class Target {
        @Option(names = "--binding", description = "The KV binding in the config.")
        String binding;

        @Option(names = "--namespace-id", description = "The namespace id.")
        String namespaceId;

        @Option(names = "--preview", description = "Use the binding's preview_id.")
        boolean preview;
    }

    /** Opens the namespace a command targets; it must exist or be declared by the config. */
    static KvNamespace open(LocalStore store, Target target, Backend backend) {
        String id;
        boolean declared = false;
        if (target.namespaceId != null) {
            id = target.namespaceId;
        } else if (target.binding != null) {
            var config = store.config().orElseThrow(() -> new IllegalArgumentException(
                    "--binding needs a wrangler config here (or -c CONFIG); none was found"));
            KvNamespaceBinding kv = config.bindings(KvNamespaceBinding.class).stream()
                    .filter(b -> b.name().equals(target.binding)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no KV binding named '" + target.binding + "' in " + config.file()
                            + "; declared: " + config.bindings(KvNamespaceBinding.class).stream().map(Binding::name).toList()));
            id = target.preview ? kv.previewId().orElse(kv.target()) : kv.target();
            declared = true;
        } else {
            throw new IllegalArgumentException("name the namespace with --binding or --namespace-id");
        }
        if (!declared && !backend.store(KvStores.class).namespaces().contains(id)) {
            throw LocalStore.missing("KV namespace '" + id + "'", backend.describe(), "kiln kv namespace create " + id);
        }
        return new KvBinding(backend.store(KvStores.class).namespace(id));
    }

    @Command(name = "namespace", mixinStandardHelpOptions = true, description = "Create, list and delete namespaces.",
            subcommands = {Namespace.Create.class, Namespace.ListAll.class, Namespace.Delete.class})
    static final class Namespace {

        @Command(name = "create", description = "Create a namespace and print the config to bind it.")
        static final class Create implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @Parameters(paramLabel = "NAME") String name;

            @Override
            public Integer call() {
                PrintWriter out = spec.commandLine().getOut();
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    if (backend.store(KvStores.class).namespaces().contains(name)) {
                        throw new IllegalArgumentException("KV namespace '" + name + "' already exists in " + backend.describe());
                    }
                    backend.store(KvStores.class).namespace(name);
                    LocalStore.printCreated(out, "KV namespace '" + name + "' (" + backend.store(KvStores.class).location(name) + ")", "kv_namespaces",
                            name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"), "id", name);
                }
                return 0;
            }
        }

        @Command(name = "list", description = "List namespaces as JSON.")
        static final class ListAll implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;

            @Override
            public Integer call() {
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    List<Map<String, String>> rows = backend.store(KvStores.class).namespaces().stream().map(id -> Map.of("id", id, "title", id)).toList();
                    spec.commandLine().getOut().println(JacksonJsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
                }
                return 0;
            }
        }

        @Command(name = "delete", description = "Delete a namespace and all its keys.")
        static final class Delete implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @ArgGroup(exclusive = false) Target target = new Target();
            @Parameters(paramLabel = "NAME", arity = "0..1") String name;
            @Option(names = {"--skip-confirmation", "-y"}, description = "Accepted for wrangler compatibility; Kiln does not prompt.") boolean yes;

            @Override
            public Integer call() {
                String id = name != null ? name : target.namespaceId;
                if (id == null) {
                    throw new IllegalArgumentException("name the namespace to delete (NAME or --namespace-id)");
                }
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    if (!backend.store(KvStores.class).delete(id)) {
                        throw LocalStore.missing("KV namespace '" + id + "'", backend.describe());
                    }
                    spec.commandLine().getOut().println("Deleted KV namespace '" + id + "'");
                }
                return 0;
            }
        }
    }

    @Command(name = "key", mixinStandardHelpOptions = true, description = "Read and write keys.",
            subcommands = {Key.Put.class, Key.Get.class, Key.ListKeys.class, Key.Delete.class})
    static final class Key {

        @Command(name = "put", description = "Write a value (from the argument or --path).")
        static final class Put implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @ArgGroup(exclusive = false) Target target = new Target();
            @Parameters(index = "0", paramLabel = "KEY") String key;
            @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1") String value;
            @Option(names = "--path", description = "Read the value from this file.") Path path;
            @Option(names = "--ttl", description = "Expire after this many seconds (at least 60).") Long ttl;
            @Option(names = "--expiration", description = "Expire at this epoch second.") Long expiration;
            @Option(names = "--metadata", description = "JSON metadata.") String metadata;

            @Override
            public Integer call() throws IOException {
                if ((value == null) == (path == null)) {
                    throw new IllegalArgumentException("give exactly one of VALUE or --path");
                }
                byte[] bytes = path != null ? Files.readAllBytes(path) : value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                PutOptions options = PutOptions.NONE;
                if (ttl != null) {
                    options = options.withExpirationTtl(Duration.ofSeconds(ttl));
                }
                if (expiration != null) {
                    options = new PutOptions(java.util.Optional.of(Instant.ofEpochSecond(expiration)), options.expirationTtl(), options.metadata());
                }
                if (metadata != null) {
                    options = options.withMetadata(JacksonJsonCodec.mapper().readValue(metadata, Object.class));
                }
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    open(store, target, backend).put(key, bytes, options);
                    spec.commandLine().getOut().println("Wrote " + bytes.length + " bytes to key '" + key + "'");
                }
                return 0;
            }
        }

        @Command(name = "get", description = "Print a value (raw bytes, or UTF-8 text with --text).")
        static final class Get implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @ArgGroup(exclusive = false) Target target = new Target();
            @Parameters(paramLabel = "KEY") String key;
            @Option(names = "--text", description = "Decode as UTF-8.") boolean text;

            @Override
            public Integer call() throws IOException {
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    byte[] value = open(store, target, backend).getBytes(key)
                            .orElseThrow(() -> new IllegalArgumentException("key '" + key + "' not found"));
                    if (text) {
                        spec.commandLine().getOut().print(new String(value, java.nio.charset.StandardCharsets.UTF_8));
                        spec.commandLine().getOut().flush();
                    } else {
                        System.out.write(value);
                        System.out.flush();
                    }
                }
                return 0;
            }
        }

        @Command(name = "list", description = "List keys as JSON: [{name, expiration?, metadata?}].")
        static final class ListKeys implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @ArgGroup(exclusive = false) Target target = new Target();
            @Option(names = "--prefix", description = "Only keys starting with this.") String prefix;

            @Override
            public Integer call() {
                List<Map<String, Object>> rows = new ArrayList<>();
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    KvNamespace kv = open(store, target, backend);
                    KvNamespace.ListOptions options = prefix == null ? KvNamespace.ListOptions.ALL : KvNamespace.ListOptions.prefix(prefix);
                    KvNamespace.ListResult page;
                    do {
                        page = kv.list(options);
                        for (KvNamespace.Key k : page.keys()) {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("name", k.name());
                            k.expiration().ifPresent(e -> row.put("expiration", e.getEpochSecond()));
                            k.metadata().ifPresent(m -> row.put("metadata", m));
                            rows.add(row);
                        }
                        if (!page.listComplete()) {
                            options = options.withCursor(page.cursor().orElseThrow());
                        }
                    } while (!page.listComplete());
                }
                spec.commandLine().getOut().println(JacksonJsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
                return 0;
            }
        }

        @Command(name = "delete", description = "Delete a key.")
        static final class Delete implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @ArgGroup(exclusive = false) Target target = new Target();
            @Parameters(paramLabel = "KEY") String key;

            @Override
            public Integer call() {
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    open(store, target, backend).delete(key);
                    spec.commandLine().getOut().println("Deleted key '" + key + "'");
                }
                return 0;
            }
        }
    }

    @Command(name = "bulk", mixinStandardHelpOptions = true, description = "Write or delete many keys from a JSON file.",
            subcommands = {Bulk.Put.class, Bulk.Delete.class})
    static final class Bulk {

        @Command(name = "put", description = "FILE: a JSON array of {key, value, expiration?, expiration_ttl?, metadata?, base64?}.")
        static final class Put implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @ArgGroup(exclusive = false) Target target = new Target();
            @Parameters(paramLabel = "FILE") Path file;

            @Override
            public Integer call() throws IOException {
                JsonNode items = JacksonJsonCodec.mapper().readTree(Files.readAllBytes(file));
                if (!items.isArray()) {
                    throw new IllegalArgumentException(file + ": expected a JSON array of {key, value, ...}");
                }
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    KvNamespace kv = open(store, target, backend);
                    int i = 0;
                    for (JsonNode item : items) {
                        if (!item.path("key").isString() || !item.path("value").isString()) {
                            throw new IllegalArgumentException(file + ": item " + i + " needs string \"key\" and \"value\"");
                        }
                        byte[] value = item.path("base64").asBoolean(false)
                                ? Base64.getDecoder().decode(item.get("value").asString())
                                : item.get("value").asString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        PutOptions options = PutOptions.NONE;
                        if (item.has("expiration_ttl")) {
                            options = options.withExpirationTtl(Duration.ofSeconds(item.get("expiration_ttl").asLong()));
                        }
                        if (item.has("expiration")) {
                            options = new PutOptions(java.util.Optional.of(Instant.ofEpochSecond(item.get("expiration").asLong())),
                                    options.expirationTtl(), options.metadata());
                        }
                        if (item.has("metadata")) {
                            options = options.withMetadata(JacksonJsonCodec.mapper().treeToValue(item.get("metadata"), Object.class));
                        }
                        kv.put(item.get("key").asString(), value, options);
                        i++;
                    }
                    spec.commandLine().getOut().println("Wrote " + i + " keys");
                }
                return 0;
            }
        }

        @Command(name = "delete", description = "FILE: a JSON array of key names, or of objects with a \"name\".")
        static final class Delete implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @ArgGroup(exclusive = false) Target target = new Target();
            @Parameters(paramLabel = "FILE") Path file;
            @Option(names = {"--force", "-f"}, description = "Accepted for wrangler compatibility; Kiln does not prompt.") boolean force;

            @Override
            public Integer call() throws IOException {
                JsonNode items = JacksonJsonCodec.mapper().readTree(Files.readAllBytes(file));
                if (!items.isArray()) {
                    throw new IllegalArgumentException(file + ": expected a JSON array of key names");
                }
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    KvNamespace kv = open(store, target, backend);
                    int n = 0;
                    for (JsonNode item : items) {
                        kv.delete(item.isString() ? item.asString() : item.path("name").asString());
                        n++;
                    }
                    spec.commandLine().getOut().println("Deleted " + n + " keys");
                }
                return 0;
            }
        }
    }
}

package dev.kiln.cli;

import dev.kiln.bindings.r2.BucketStores;
import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import dev.kiln.api.R2HttpMetadata;
import dev.kiln.api.R2ListOptions;
import dev.kiln.api.R2Object;
import dev.kiln.api.R2ObjectBody;
import dev.kiln.api.R2Objects;
import dev.kiln.api.R2PutOptions;
import dev.kiln.bindings.r2.ObjectStore.BucketInfo;
import dev.kiln.bindings.r2.R2BucketHandle;
import dev.kiln.bindings.r2.R2Buckets;
import dev.kiln.bindings.r2.R2Limits;
import dev.kiln.spi.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiln r2 bucket|object ...} (cli.md R2): the buckets and objects of the local state directory, the
 * same store {@code kiln dev} uses. Safe while it runs: the index is SQLite (its locking serializes writers)
 * and content files are only ever published whole. Object content streams between disk and the file or pipe.
 */
@Command(name = "r2", mixinStandardHelpOptions = true, description = "Manage R2 buckets and objects.",
        subcommands = {R2Command.Bucket.class, R2Command.ObjectCommands.class, R2CredentialsCommand.class})
final class R2Command {

    /** @return the bucket, or a message that says where it was looked for and how to create it */
    static R2BucketHandle bucket(R2Buckets buckets, String name) {
        try {
            return buckets.bucket(name);
        } catch (R2Exception e) {
            if (e.error() == R2Error.NoSuchBucket) {
                throw LocalStore.missing("R2 bucket '" + name + "'", buckets.location(name), "kiln r2 bucket create " + name);
            }
            throw e;
        }
    }

    /** An object path {@code bucket/key}. */
    record ObjectPath(String bucket, String key) {
        static ObjectPath parse(String path) {
            int slash = path.indexOf('/');
            if (slash <= 0 || slash == path.length() - 1) {
                throw new IllegalArgumentException("object path '" + path + "' must be BUCKET/KEY, e.g. photos/cat.jpg");
            }
            return new ObjectPath(path.substring(0, slash), path.substring(slash + 1));
        }
    }

    @Command(name = "bucket", mixinStandardHelpOptions = true, description = "Create, list, inspect and delete buckets.",
            subcommands = {Bucket.Create.class, Bucket.ListAll.class, Bucket.Info.class, Bucket.Delete.class})
    static final class Bucket {

        @Command(name = "create", description = "Create a bucket and print the config to bind it.")
        static final class Create implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @Parameters(paramLabel = "NAME") String name;
            @Option(names = "--location", description = "Accepted for wrangler compatibility; a local bucket has no location.") String location;
            @Option(names = {"--storage-class", "-s"}, description = "Standard or InfrequentAccess (objects' default).") String storageClass;
            @Option(names = {"--jurisdiction", "-J"}, description = "Accepted for wrangler compatibility.") String jurisdiction;

            @Override
            public Integer call() {
                R2Limits.storageClass(Optional.ofNullable(storageClass));
                PrintWriter out = spec.commandLine().getOut();
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    BucketInfo info = new R2Buckets(backend.store(BucketStores.class)).create(name);
                    LocalStore.printCreated(out, "bucket '" + info.name() + "' (" + backend.store(BucketStores.class).location(name) + ")", "r2_buckets",
                            name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'), "bucket_name", name);
                }
                return 0;
            }
        }

        @Command(name = "list", description = "List buckets with their creation dates.")
        static final class ListAll implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;

            @Override
            public Integer call() {
                PrintWriter out = spec.commandLine().getOut();
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    for (BucketInfo info : new R2Buckets(backend.store(BucketStores.class)).list()) {
                        out.println("name:           " + info.name());
                        out.println("creation_date:  " + info.created());
                        out.println();
                    }
                }
                return 0;
            }
        }

        @Command(name = "info", description = "Show a bucket's creation date, object count and size.")
        static final class Info implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @Parameters(paramLabel = "NAME") String name;

            @Override
            public Integer call() {
                PrintWriter out = spec.commandLine().getOut();
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    R2BucketHandle bucket = bucket(new R2Buckets(backend.store(BucketStores.class)), name);
                    long count = 0;
                    long bytes = 0;
                    R2ListOptions options = R2ListOptions.ALL;
                    R2Objects page;
                    do {
                        page = bucket.list(options);
                        for (R2Object o : page.objects()) {
                            count++;
                            bytes += o.size();
                        }
                        if (page.truncated()) {
                            options = options.withCursor(page.cursor().orElseThrow());
                        }
                    } while (page.truncated());
                    out.println("name:           " + name);
                    out.println("created:        " + bucket.info().created());
                    out.println("location:       " + backend.store(BucketStores.class).location(name));
                    out.println("object_count:   " + count);
                    out.println("bucket_size:    " + bytes + " B");
                }
                return 0;
            }
        }

        @Command(name = "delete", description = "Delete an empty bucket.")
        static final class Delete implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @Parameters(paramLabel = "NAME") String name;

            @Override
            public Integer call() {
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    R2Buckets buckets = new R2Buckets(backend.store(BucketStores.class));
                    bucket(buckets, name);
                    buckets.delete(name);
                    spec.commandLine().getOut().println("Deleted bucket '" + name + "'");
                }
                return 0;
            }
        }
    }

    @Command(name = "object", mixinStandardHelpOptions = true, description = "Put, get and delete objects (BUCKET/KEY).",
            subcommands = {ObjectCommands.Put.class, ObjectCommands.Get.class, ObjectCommands.Delete.class})
    static final class ObjectCommands {

        @Command(name = "put", description = "Store an object from --file or from stdin (--pipe).")
        static final class Put implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @Parameters(paramLabel = "BUCKET/KEY") String path;
            @Option(names = {"--file", "-f"}, description = "Read the content from this file.") Path file;
            @Option(names = {"--pipe", "-p"}, description = "Read the content from stdin.") boolean pipe;
            @Option(names = {"--content-type", "--ct"}, description = "Content-Type to store.") String contentType;
            @Option(names = {"--content-disposition", "--cd"}, description = "Content-Disposition to store.") String contentDisposition;
            @Option(names = {"--content-encoding", "--ce"}, description = "Content-Encoding to store.") String contentEncoding;
            @Option(names = {"--content-language", "--cl"}, description = "Content-Language to store.") String contentLanguage;
            @Option(names = {"--cache-control", "--cc"}, description = "Cache-Control to store.") String cacheControl;
            @Option(names = "--expires", description = "Expires to store (ISO-8601 instant or HTTP date).") String expires;
            @Option(names = {"--storage-class", "-s"}, description = "Standard or InfrequentAccess.") String storageClass;
            @Option(names = {"--jurisdiction", "-J"}, description = "Accepted for wrangler compatibility.") String jurisdiction;

            @Override
            public Integer call() throws IOException {
                if ((file == null) == !pipe) {
                    throw new IllegalArgumentException("give exactly one of --file FILE or --pipe");
                }
                ObjectPath target = ObjectPath.parse(path);
                R2PutOptions options = R2PutOptions.NONE.withHttpMetadata(httpMetadata());
                if (storageClass != null) {
                    options = options.withStorageClass(storageClass);
                }
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    R2BucketHandle bucket = bucket(new R2Buckets(backend.store(BucketStores.class)), target.bucket());
                    R2Object stored;
                    if (file != null) {
                        try (InputStream in = Files.newInputStream(file)) {
                            stored = bucket.put(target.key(), in, Files.size(file), options).orElseThrow();
                        }
                    } else {
                        stored = bucket.put(target.key(), System.in, -1, options).orElseThrow();
                    }
                    spec.commandLine().getOut().println("Uploaded '" + target.bucket() + "/" + target.key() + "': "
                            + stored.size() + " bytes, etag " + stored.etag());
                }
                return 0;
            }

            private R2HttpMetadata httpMetadata() {
                R2HttpMetadata http = R2HttpMetadata.NONE;
                if (contentType != null) {
                    http = http.withContentType(contentType);
                }
                if (contentDisposition != null) {
                    http = http.withContentDisposition(contentDisposition);
                }
                if (contentEncoding != null) {
                    http = http.withContentEncoding(contentEncoding);
                }
                if (contentLanguage != null) {
                    http = http.withContentLanguage(contentLanguage);
                }
                if (cacheControl != null) {
                    http = http.withCacheControl(cacheControl);
                }
                if (expires != null) {
                    http = http.withCacheExpiry(parseInstant(expires));
                }
                return http;
            }

            private static Instant parseInstant(String value) {
                try {
                    return Instant.parse(value);
                } catch (java.time.format.DateTimeParseException e) {
                    try {
                        return Instant.from(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.parse(value));
                    } catch (java.time.format.DateTimeParseException again) {
                        throw new IllegalArgumentException("--expires '" + value + "' is neither an ISO-8601 instant nor an HTTP date");
                    }
                }
            }
        }

        @Command(name = "get", description = "Fetch an object to --file (default: a file named after the key) or stdout (--pipe).")
        static final class Get implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @Parameters(paramLabel = "BUCKET/KEY") String path;
            @Option(names = {"--file", "-f"}, description = "Write the content to this file.") Path file;
            @Option(names = {"--pipe", "-p"}, description = "Write the content to stdout.") boolean pipe;
            @Option(names = {"--jurisdiction", "-J"}, description = "Accepted for wrangler compatibility.") String jurisdiction;

            @Override
            public Integer call() throws IOException {
                if (file != null && pipe) {
                    throw new IllegalArgumentException("give at most one of --file FILE or --pipe");
                }
                ObjectPath target = ObjectPath.parse(path);
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    R2BucketHandle bucket = bucket(new R2Buckets(backend.store(BucketStores.class)), target.bucket());
                    try (R2ObjectBody object = bucket.get(target.key()).orElseThrow(() -> new IllegalArgumentException(
                            "object '" + target.key() + "' does not exist in bucket '" + target.bucket() + "'"))) {
                        if (pipe) {
                            OutputStream out = System.out;
                            object.body().writeTo(out);
                            out.flush();
                            return 0;
                        }
                        Path destination = file != null ? file : Path.of(Path.of(target.key()).getFileName().toString());
                        // Written beside the destination, then moved: a failed download never leaves half a file.
                        Path partial = destination.toAbsolutePath().resolveSibling(destination.getFileName() + ".kiln-partial");
                        try (OutputStream out = Files.newOutputStream(partial)) {
                            object.body().writeTo(out);
                        } catch (IOException | RuntimeException e) {
                            Files.deleteIfExists(partial);
                            throw e;
                        }
                        Files.move(partial, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        spec.commandLine().getOut().println("Downloaded '" + target.bucket() + "/" + target.key() + "' ("
                                + object.size() + " bytes) to " + destination);
                    }
                }
                return 0;
            }
        }

        @Command(name = "delete", description = "Delete an object.")
        static final class Delete implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @Parameters(paramLabel = "BUCKET/KEY") String path;
            @Option(names = {"--jurisdiction", "-J"}, description = "Accepted for wrangler compatibility.") String jurisdiction;

            @Override
            public Integer call() {
                ObjectPath target = ObjectPath.parse(path);
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    bucket(new R2Buckets(backend.store(BucketStores.class)), target.bucket()).delete(target.key());
                    spec.commandLine().getOut().println("Deleted '" + target.bucket() + "/" + target.key() + "'");
                }
                return 0;
            }
        }
    }
}

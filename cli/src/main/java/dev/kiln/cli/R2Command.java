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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln r2 bucket|object ...} (cli.md R2): the buckets and objects of the local state directory, the
 * same store {@code kiln dev} uses. Safe while it runs: the index is SQLite (its locking serializes writers)
 * and content files are only ever published whole. Object content streams between disk and the file or pipe.
 */
@Command(name = "r2", mixinStandardHelpOptions = true, description = "Manage R2 buckets and objects.",
        subcommands = {R2Command.Bucket.class, R2Command.ObjectCommands.class, R2CredentialsCommand.class})
final class R2Command {

    /** A command on the buckets of the state directory. */
    abstract static class BucketCommand extends ResourceCommand {
        private R2Buckets buckets;

        /** @return the buckets, opened on first use */
        R2Buckets buckets() {
            if (buckets == null) {
                buckets = new R2Buckets(store(BucketStores.class));
            }
            return buckets;
        }

        /** @return the bucket, or a message that says where it was looked for and how to create it */
        R2BucketHandle bucket(String name) {
            R2Buckets buckets = buckets();
            try {
                return buckets.bucket(name);
            } catch (R2Exception e) {
                if (e.error() == R2Error.NoSuchBucket) {
                    throw missing("R2 bucket '" + name + "'", buckets.location(name), "kiln r2 bucket create " + name);
                }
                throw e;
            }
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
        static final class Create extends BucketCommand {
            @Parameters(paramLabel = "NAME") String name;
            @Option(names = "--location", description = "Accepted for wrangler compatibility; a local bucket has no location.") String location;
            @Option(names = {"--storage-class", "-s"}, description = "Standard or InfrequentAccess (objects' default).") String storageClass;
            @Option(names = {"--jurisdiction", "-J"}, description = "Accepted for wrangler compatibility.") String jurisdiction;

            @Override
            int run() {
                R2Limits.storageClass(Optional.ofNullable(storageClass));
                BucketInfo info = buckets().create(name);
                printCreated("bucket '" + info.name() + "' (" + store(BucketStores.class).location(name) + ")", "r2_buckets",
                        name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'), "bucket_name", name);
                return 0;
            }
        }

        @Command(name = "list", description = "List buckets with their creation dates.")
        static final class ListAll extends BucketCommand {
            @Override
            int run() {
                PrintWriter out = out();
                for (BucketInfo info : buckets().list()) {
                    out.println("name:           " + info.name());
                    out.println("creation_date:  " + info.created());
                    out.println();
                }
                return 0;
            }
        }

        @Command(name = "info", description = "Show a bucket's creation date, object count and size.")
        static final class Info extends BucketCommand {
            @Parameters(paramLabel = "NAME") String name;

            @Override
            int run() {
                R2BucketHandle bucket = bucket(name);
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
                PrintWriter out = out();
                out.println("name:           " + name);
                out.println("created:        " + bucket.info().created());
                out.println("location:       " + store(BucketStores.class).location(name));
                out.println("object_count:   " + count);
                out.println("bucket_size:    " + bytes + " B");
                return 0;
            }
        }

        @Command(name = "delete", description = "Delete an empty bucket.")
        static final class Delete extends BucketCommand {
            @Parameters(paramLabel = "NAME") String name;

            @Override
            int run() {
                bucket(name);
                buckets().delete(name);
                out().println("Deleted bucket '" + name + "'");
                return 0;
            }
        }
    }

    @Command(name = "object", mixinStandardHelpOptions = true, description = "Put, get and delete objects (BUCKET/KEY).",
            subcommands = {ObjectCommands.Put.class, ObjectCommands.Get.class, ObjectCommands.Delete.class})
    static final class ObjectCommands {

        @Command(name = "put", description = "Store an object from --file or from stdin (--pipe).")
        static final class Put extends BucketCommand {
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
            int run() throws IOException {
                if ((file == null) == !pipe) {
                    throw new IllegalArgumentException("give exactly one of --file FILE or --pipe");
                }
                ObjectPath target = ObjectPath.parse(path);
                R2PutOptions options = R2PutOptions.NONE.withHttpMetadata(httpMetadata());
                if (storageClass != null) {
                    options = options.withStorageClass(storageClass);
                }
                R2BucketHandle bucket = bucket(target.bucket());
                R2Object stored;
                if (file != null) {
                    try (InputStream in = Files.newInputStream(file)) {
                        stored = bucket.put(target.key(), in, Files.size(file), options).orElseThrow();
                    }
                } else {
                    stored = bucket.put(target.key(), System.in, -1, options).orElseThrow();
                }
                out().println("Uploaded '" + target.bucket() + "/" + target.key() + "': " + stored.size() + " bytes, etag " + stored.etag());
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
        static final class Get extends BucketCommand {
            @Parameters(paramLabel = "BUCKET/KEY") String path;
            @Option(names = {"--file", "-f"}, description = "Write the content to this file.") Path file;
            @Option(names = {"--pipe", "-p"}, description = "Write the content to stdout.") boolean pipe;
            @Option(names = {"--jurisdiction", "-J"}, description = "Accepted for wrangler compatibility.") String jurisdiction;

            @Override
            int run() throws IOException {
                if (file != null && pipe) {
                    throw new IllegalArgumentException("give at most one of --file FILE or --pipe");
                }
                ObjectPath target = ObjectPath.parse(path);
                R2BucketHandle bucket = bucket(target.bucket());
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
                    out().println("Downloaded '" + target.bucket() + "/" + target.key() + "' ("
                            + object.size() + " bytes) to " + destination);
                }
                return 0;
            }
        }

        @Command(name = "delete", description = "Delete an object.")
        static final class Delete extends BucketCommand {
            @Parameters(paramLabel = "BUCKET/KEY") String path;
            @Option(names = {"--jurisdiction", "-J"}, description = "Accepted for wrangler compatibility.") String jurisdiction;

            @Override
            int run() {
                ObjectPath target = ObjectPath.parse(path);
                bucket(target.bucket()).delete(target.key());
                out().println("Deleted '" + target.bucket() + "/" + target.key() + "'");
                return 0;
            }
        }
    }
}

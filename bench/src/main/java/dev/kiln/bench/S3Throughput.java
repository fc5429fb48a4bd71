package dev.kiln.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Large-object throughput of Kiln's S3-compatible API against the disk it stores on: PUT and GET of one
 * object (64 MiB by default) with the AWS SDK, and the same bytes written (with fsync, as R2 does before
 * acknowledging) to a file and read back. Before every read the page cache is optionally dropped
 * ({@code --drop-caches}, needs root), so that both reads come from the disk.
 *
 * <p>Usage: {@code S3Throughput ENDPOINT WORK_DIR [--mib N] [--runs N] [--drop-caches]}, with the access key in
 * {@code S3_ACCESS_KEY_ID} and {@code S3_SECRET_ACCESS_KEY} (not on the command line, where {@code ps} shows it).
 * Prints one TSV line per measurement ({@code op run seconds MiB/s}) and a Markdown summary.
 */
public final class S3Throughput {

    private static final int BUFFER = 256 * 1024;

    private S3Throughput() {
    }

    public static void main(String[] args) throws Exception {
        String accessKeyId = System.getenv("S3_ACCESS_KEY_ID");
        String secret = System.getenv("S3_SECRET_ACCESS_KEY");
        if (args.length < 2 || accessKeyId == null || secret == null) {
            System.err.println("usage: S3_ACCESS_KEY_ID=.. S3_SECRET_ACCESS_KEY=.. S3Throughput ENDPOINT WORK_DIR [--mib N] [--runs N] [--drop-caches]");
            System.exit(2);
        }
        int mib = 64;
        int runs = 3;
        boolean dropCaches = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--mib" -> mib = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--drop-caches" -> dropCaches = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        byte[] content = new byte[mib * 1024 * 1024];
        new Random(42).nextBytes(content);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        Path workDir = Path.of(args[1]);
        Files.createDirectories(workDir);
        List<double[]> results = new ArrayList<>(); // op index, seconds
        String[] ops = {"disk-write", "disk-read", "s3-put", "s3-get"};
        try (S3Client s3 = client(URI.create(args[0]), accessKeyId, secret)) {
            try {
                s3.createBucket(b -> b.bucket("bench"));
            } catch (BucketAlreadyOwnedByYouException existing) {
                // a rerun against the same state directory
            }
            for (int run = 0; run <= runs; run++) { // run 0 warms up both paths and is not reported
                Path file = workDir.resolve("disk-" + run + ".bin");
                double[] seconds = new double[4];
                seconds[0] = time(() -> writeFile(file, content));
                drop(dropCaches);
                seconds[1] = time(() -> check(readFile(file), content.length));
                seconds[2] = time(() -> {
                    String etag = s3.putObject(b -> b.bucket("bench").key("object"),
                            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(content), content.length,
                                    "application/octet-stream")).eTag();
                    if (!etag.equals("\"" + md5 + "\"")) {
                        throw new IllegalStateException("PUT etag " + etag + " is not the content's MD5 " + md5);
                    }
                });
                drop(dropCaches);
                seconds[3] = time(() -> {
                    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket("bench").key("object"))) {
                        check(drain(in), content.length);
                    }
                });
                Files.delete(file);
                if (run > 0) {
                    for (int op = 0; op < 4; op++) {
                        results.add(new double[] {op, seconds[op]});
                        System.out.printf("%s\t%d\t%.4f\t%.1f%n", ops[op], run, seconds[op], mib / seconds[op]);
                    }
                }
            }
        }
        double[] mean = new double[4];
        for (double[] r : results) {
            mean[(int) r[0]] += r[1] / runs;
        }
        System.out.println();
        System.out.printf("| %d MiB, mean of %d runs%s | MiB/s | S3 / disk |%n", mib, runs, dropCaches ? ", cold reads" : "");
        System.out.println("|---|---:|---:|");
        System.out.printf("| disk write + fsync | %.0f | |%n", mib / mean[0]);
        System.out.printf("| S3 PUT (AWS SDK, signed aws-chunked) | %.0f | **%.2f** (target >= 0.80) |%n", mib / mean[2], mean[0] / mean[2]);
        System.out.printf("| disk read | %.0f | |%n", mib / mean[1]);
        System.out.printf("| S3 GET (AWS SDK) | %.0f | **%.2f** (target >= 0.80) |%n", mib / mean[3], mean[1] / mean[3]);
    }

    static S3Client client(URI endpoint, String accessKeyId, String secret) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of("auto"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofMinutes(2)))
                .build();
    }

    interface Step {
        void run() throws Exception;
    }

    static double time(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Writes the bytes in 256 KiB writes and fsyncs, as a careful program storing a file would. */
    static void writeFile(Path file, byte[] content) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (int off = 0; off < content.length; off += BUFFER) {
                ByteBuffer chunk = ByteBuffer.wrap(content, off, Math.min(BUFFER, content.length - off));
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            out.force(true);
        }
    }

    static long readFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return drain(in);
        }
    }

    static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }

    static void check(long read, long expected) {
        if (read != expected) {
            throw new IllegalStateException("read " + read + " bytes, expected " + expected);
        }
    }

    /** Empties the page cache (root only), so the next read comes from the disk. */
    static void drop(boolean dropCaches) throws IOException {
        if (!dropCaches) {
            return;
        }
        new ProcessBuilder("sync").inheritIO().start().onExit().join();
        try (OutputStream out = Files.newOutputStream(Path.of("/proc/sys/vm/drop_caches"))) {
            out.write('3');
        }
    }
}

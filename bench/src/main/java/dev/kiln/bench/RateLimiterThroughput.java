package dev.kiln.bench;

import dev.kiln.api.RateLimiter;
import dev.kiln.bindings.ratelimit.RateLimitKind;
import dev.kiln.config.ConfigLoader;
import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.BindingHost;
import dev.kiln.spi.HostContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * In-process throughput of the rate limiting binding: {@code limit(key)} calls per second from several threads,
 * on the limiter a worker gets (the {@code ratelimits} kind started as Kiln starts it, bound from a
 * wrangler.toml). Scenarios: one key over its limit (almost every call refused, the abusive client), one key
 * whose limit is never reached (every call counted), and a million keys visited in turn (every call counted,
 * a million windows live).
 *
 * <p>Usage: {@code RateLimiterThroughput [--threads N] [--seconds N]} (2 threads, 5 s per scenario, after a
 * warm-up of the same length). Prints one TSV line per scenario ({@code scenario threads calls/s admitted%}).
 */
public final class RateLimiterThroughput {

    private static final int MILLION = 1_000_000;

    private RateLimiterThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 2;
        int seconds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String[] keys = new String[MILLION];
        for (int i = 0; i < MILLION; i++) {
            keys[i] = "client-" + i;
        }
        Map<String, RateLimiter> limiters = limiters();
        String[] oneKey = {"hot"};
        System.out.println("scenario\tthreads\tcalls/s\tadmitted%");
        run("one-key-over-limit", limiters.get("STRICT"), oneKey, threads, seconds);
        run("one-key-under-limit", limiters.get("LENIENT"), oneKey, threads, seconds);
        run("million-keys", limiters.get("STRICT"), keys, threads, seconds);
    }

    /** The limiters of a worker declaring two bindings, opened as the runtime opens them. */
    private static Map<String, RateLimiter> limiters() throws Exception {
        Path dir = Files.createTempDirectory("kiln-ratelimit-bench");
        Path toml = Files.writeString(dir.resolve("wrangler.toml"), """
                name = "bench"
                main = "bench.Worker"
                compatibility_date = "2026-11-01"
                [[ratelimits]]
                name = "STRICT"
                namespace_id = "1"
                simple = { limit = 100, period = 60 }
                [[ratelimits]]
                name = "LENIENT"
                namespace_id = "2"
                simple = { limit = 2147483647, period = 60 }
                """);
        RateLimitKind kind = new RateLimitKind();
        WorkerConfig config = ConfigLoader.load(toml, Optional.empty(), Map.of(), n -> null, List.of(kind));
        BindingHost host = kind.start(new HostContext(null, null, Clock.systemUTC()));
        Map<String, RateLimiter> limiters = new HashMap<>();
        host.bind(config, config.bindings()).forEach((name, live) -> limiters.put(name, (RateLimiter) live));
        return limiters;
    }

    private static void run(String scenario, RateLimiter limiter, String[] keys, int threads, int seconds) throws Exception {
        measure(limiter, keys, threads, seconds); // warm-up, not reported
        long[] counts = measure(limiter, keys, threads, seconds);
        System.out.printf("%s\t%d\t%.0f\t%.1f%n", scenario, threads, counts[0] / (double) seconds, 100.0 * counts[1] / counts[0]);
    }

    /** @return the calls all threads made in {@code seconds}, and how many of them succeeded */
    private static long[] measure(RateLimiter limiter, String[] keys, int threads, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> counts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int start = t * (keys.length / threads);
                counts.add(pool.submit((Callable<long[]>) () -> {
                    long calls = 0;
                    long admitted = 0;
                    int next = start;
                    while (System.nanoTime() < deadline) {
                        for (int i = 0; i < 1024; i++) {
                            if (limiter.limit(keys[next]).success()) {
                                admitted++;
                            }
                            next = next + 1 == keys.length ? 0 : next + 1;
                        }
                        calls += 1024;
                    }
                    return new long[] {calls, admitted};
                }));
            }
            long[] total = new long[2];
            for (Future<long[]> c : counts) {
                total[0] += c.get()[0];
                total[1] += c.get()[1];
            }
            return total;
        }
    }
}

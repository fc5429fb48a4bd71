package dev.kiln.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One worker's configuration, resolved for one environment: what {@code kiln config print} shows.
 *
 * @param file the configuration file read
 * @param baseDir the directory relative paths resolve against (the file's directory)
 * @param name the worker name ({@code <name>-<env>} in an environment unless it sets its own)
 * @param main the worker class (fully qualified), from {@code main}
 * @param compatibilityDate {@code compatibility_date}, {@code YYYY-MM-DD}
 * @param compatibilityFlags {@code compatibility_flags}
 * @param env the environment selected, if any
 * @param envNames every environment the file declares
 * @param vars {@code vars}: name to value (String, Number, Boolean, List or Map for JSON values)
 * @param secrets local secrets from {@code .dev.vars} / {@code .env} (never printed)
 * @param bindings every declared binding, in file order, supported or not
 * @param routes {@code route} / {@code routes}
 * @param workersDev {@code workers_dev}: whether the worker answers on the default listener
 * @param crons {@code triggers.crons}
 * @param limits {@code limits}
 * @param queueConsumers {@code queues.consumers}
 * @param migrations {@code migrations}
 * @param assets {@code assets}, if set
 * @param dev the {@code [dev]} block
 * @param diagnostics warnings found while reading (errors are thrown as {@link ConfigException})
 */
public record WorkerConfig(
        Path file,
        Path baseDir,
        String name,
        String main,
        String compatibilityDate,
        List<String> compatibilityFlags,
        Optional<String> env,
        List<String> envNames,
        Map<String, Object> vars,
        Map<String, String> secrets,
        List<Binding> bindings,
        List<Route> routes,
        boolean workersDev,
        List<String> crons,
        Limits limits,
        List<QueueConsumer> queueConsumers,
        List<Migration> migrations,
        Optional<Assets> assets,
        Dev dev,
        List<Diagnostic> diagnostics) {

    /** @return the bindings of the given record type, in file order */
    public <B extends Binding> List<B> bindings(Class<B> type) {
        return bindings.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A route pattern such as {@code example.com/*} or {@code *.example.com/api/*}. */
    public record Route(String pattern, Optional<String> zoneName, Optional<String> zoneId, boolean customDomain) {
    }

    /**
     * @param cpuMs {@code limits.cpu_ms} (default 30,000; at most 300,000)
     * @param subrequests {@code limits.subrequests} (default 10,000)
     */
    public record Limits(long cpuMs, int subrequests) {
        public static final Limits DEFAULT = new Limits(30_000, 10_000);
    }

    /** One {@code [[queues.consumers]]} entry; absent optional values take the defaults of bindings.md §5. */
    public record QueueConsumer(
            String queue,
            Optional<Integer> maxBatchSize,
            Optional<Integer> maxBatchTimeout,
            Optional<Integer> maxRetries,
            Optional<String> deadLetterQueue,
            Optional<Integer> maxConcurrency,
            Optional<Integer> retryDelay) {
    }

    /** One {@code [[migrations]]} entry (bindings.md §2.9). */
    public record Migration(
            String tag,
            List<String> newClasses,
            List<String> newSqliteClasses,
            List<RenamedClass> renamedClasses,
            List<String> deletedClasses,
            List<TransferredClass> transferredClasses) {
        public record RenamedClass(String from, String to) {
        }

        public record TransferredClass(String from, String fromScript, String to) {
        }
    }

    /** The {@code assets} block (bindings.md §10). */
    public record Assets(Path directory, Optional<String> binding, String htmlHandling, String notFoundHandling, Object runWorkerFirst) {
    }

    /**
     * The {@code [dev]} block.
     *
     * @param ip listen address (default {@code localhost})
     * @param port listen port (default 8787)
     * @param host origin host for pass-through ({@code passThroughOnException}), if set
     * @param upstreamProtocol {@code https} (default) or {@code http}: how the origin is reached
     */
    public record Dev(String ip, int port, Optional<String> host, String upstreamProtocol) {
        public static final Dev DEFAULT = new Dev("localhost", 8787, Optional.empty(), "https");
    }
}

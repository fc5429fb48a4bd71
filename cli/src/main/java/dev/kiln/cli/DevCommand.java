package dev.kiln.cli;

import dev.kiln.config.WorkerConfig;
import dev.kiln.runtime.KilnRuntime;
import dev.kiln.runtime.RuntimeOptions;
import dev.kiln.runtime.WorkerSpec;
import dev.kiln.server.AdminAccess;
import dev.kiln.server.KilnServer;
import dev.kiln.server.ServerOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiln dev [DIR|CONFIG...]}: serves one or more workers from one process, reloading each when its
 * sources or configuration change. Runs until interrupted; exit code 1 if it cannot start.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Serve workers locally, reloading them when their files change.")
final class DevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigSelection selection;

    @Parameters(paramLabel = "DIR", arity = "0..*",
            description = "Worker directories or config files (after any -c); the first is the default worker.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--port", description = "Worker listener port (default: dev.port, else 8787).")
    Integer port;

    @Option(names = "--ip", description = "Worker listener address (default: dev.ip, else localhost).")
    String ip;

    @Option(names = "--var", paramLabel = "KEY=VALUE", description = "Extra var (KEY=VALUE or KEY:VALUE); repeatable.")
    List<String> vars = new ArrayList<>();

    @Option(names = "--persist-to", paramLabel = "DIR", description = "State directory (default: .wrangler/state next to the first config).")
    Path persistTo;

    @Option(names = "--test-scheduled", description = "Serve GET /__scheduled?cron=EXPR to fire crons by hand.")
    boolean testScheduled;

    @Option(names = "--admin-port", description = "Admin API port (default: a free port, recorded in the state directory).")
    int adminPort;

    @Option(names = "--admin-ip", description = "Admin API address (default: 127.0.0.1).")
    String adminIp = "127.0.0.1";

    @Option(names = "--admin-token", description = "Admin API bearer token (default: KILN_ADMIN_TOKEN, else generated once and stored).")
    String adminToken;

    @Option(names = "--no-watch", description = "Do not reload workers when their files change.")
    boolean noWatch;

    @Option(names = "--s3-port", description = "Also serve the R2 buckets over an S3-compatible API on this port (0: a free one).")
    Integer s3Port;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KilnServer server;
    private volatile S3Listener s3;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<WorkerSpec> specs = selection.specs(dirs, parseVars(vars));
        Path stateDir = StateDirectory.resolve(persistTo, specs.get(0).config());
        out.println("State directory: " + stateDir);
        RuntimeOptions options = RuntimeOptions.defaults(stateDir).withTestScheduled(testScheduled).withWatch(!noWatch);
        KilnRuntime runtime = KilnRuntime.start(options, specs);
        WorkerConfig primary = runtime.configs().get(0);
        String host = ip != null ? ip : primary.dev().ip();
        int listenPort = port != null ? port : primary.dev().port();
        AdminAccess.Token token = AdminAccess.token(stateDir,
                Optional.ofNullable(adminToken).or(() -> Optional.ofNullable(System.getenv("KILN_ADMIN_TOKEN"))));
        try {
            server = KilnServer.start(runtime, new ServerOptions(host, listenPort, adminIp, adminPort, token.value()));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        if (s3Port != null) {
            try {
                s3 = S3Listener.start(host, s3Port, runtime.backend());
                server.report(s3.listener());
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
        String adminUrl = "http://" + adminIp + ":" + server.adminPort();
        AdminAccess.publishUrl(stateDir, adminUrl);
        Thread shutdownHook = new Thread(this::stop, "kiln-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        for (var worker : runtime.workers()) {
            out.println("Worker " + worker.name() + " (v" + worker.version() + ")" + worker.error().map(e -> ": FAILED TO LOAD").orElse("")
                    + (worker.routes().isEmpty() ? "" : " routes " + worker.routes())
                    + (worker.crons().isEmpty() ? "" : " crons " + worker.crons()));
        }
        // The token itself is never printed: terminal output ends up in scroll-back, CI logs and screenshots.
        out.println("Admin API: " + adminUrl + (token.generated()
                ? " (admin token generated and stored in " + stateDir.resolve("admin-token") + ")"
                : " (token in " + stateDir.resolve("admin-token") + " or as given)"));
        if (s3 != null) {
            out.println("S3 API: " + s3.url() + " (path-style, region auto; access keys: kiln r2 credentials create)");
        }
        out.println("Ready on http://" + host + ":" + server.port());
        out.flush();
        try {
            stopped.await();
        } finally {
            stop(); // interrupted (in-process use): drain and stop here
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run
            }
        }
        return 0;
    }

    private synchronized void stop() {
        S3Listener runningS3 = s3;
        s3 = null;
        if (runningS3 != null) {
            runningS3.close();
        }
        KilnServer running = server;
        server = null;
        if (running != null) {
            running.close();
        }
        stopped.countDown();
    }

    static Map<String, String> parseVars(List<String> vars) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String v : vars) {
            int eq = v.indexOf('=');
            int colon = v.indexOf(':');
            int split = eq > 0 ? eq : colon;
            if (split <= 0) {
                throw new IllegalArgumentException("--var expects KEY=VALUE or KEY:VALUE, got '" + v + "'");
            }
            parsed.put(v.substring(0, split), v.substring(split + 1));
        }
        return parsed;
    }
}

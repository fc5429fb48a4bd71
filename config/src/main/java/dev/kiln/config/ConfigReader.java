package dev.kiln.config;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Turns a parsed configuration file into a {@link WorkerConfig} for one environment (config.md §2–§6). */
final class ConfigReader {

    private static final Pattern WORKER_NAME = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern JAVA_CLASS = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Set<String> HTML_HANDLING = Set.of("auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none");
    private static final Set<String> NOT_FOUND_HANDLING = Set.of("none", "404-page", "single-page-application");

    private final Path file;
    private final Problems problems;
    private final Function<String, String> environment;
    private final List<? extends BindingReader> readers;

    private ConfigReader(Path file, Function<String, String> environment, List<? extends BindingReader> readers) {
        this.file = file;
        this.problems = new Problems(file);
        this.environment = environment;
        this.readers = readers;
    }

    /**
     * @param environment the process environment (injectable for tests)
     * @param readers the binding kinds to read
     * @throws dev.kiln.config.ConfigException listing every error found
     */
    public static WorkerConfig read(Path file, Node root, Optional<String> env, Map<String, String> extraVars,
                                    Function<String, String> environment, List<? extends BindingReader> readers) {
        return new ConfigReader(file, environment, readers).read(root, env, extraVars);
    }

    private WorkerConfig read(Node root, Optional<String> requestedEnv, Map<String, String> extraVars) {
        Table top = new Table("", root, problems);
        checkTopLevelKeys(top);
        List<String> envNames = top.table("env").map(t -> List.copyOf(t.fields().keySet())).orElse(List.of());
        Optional<String> env = requestedEnv.or(() -> Optional.ofNullable(environment.apply("CLOUDFLARE_ENV")).filter(s -> !s.isBlank()));
        Optional<Table> envTable = Optional.empty();
        if (env.isPresent()) {
            envTable = top.table("env").flatMap(t -> t.table(env.get()));
            if (envTable.isEmpty()) {
                problems.error("environment \"" + env.get() + "\" is not declared in " + file.getFileName()
                        + (envNames.isEmpty() ? " (it declares none)" : "; declared: " + String.join(", ", envNames)));
                problems.throwIfErrors();
            }
            checkEnvKeys(envTable.get(), env.get());
        }
        Table merged = merge(top, envTable, env);

        String name = merged.requiredString("name");
        if (env.isPresent() && !envTable.get().has("name")) {
            name = name + "-" + env.get();
        }
        if (!name.isEmpty() && !WORKER_NAME.matcher(name).matches()) {
            merged.error("name", "worker names use letters, digits and '-' only, got \"" + name + "\"");
        }
        String main = merged.requiredString("main");
        if (!main.isEmpty() && !JAVA_CLASS.matcher(main).matches() || main.endsWith(".js") || main.endsWith(".ts")) {
            merged.error("main", "must name the worker's Java class (for example com.example.MyWorker), got \"" + main + "\"");
        }
        String date = merged.requiredString("compatibility_date");
        if (!date.isEmpty()) {
            try {
                LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                merged.error("compatibility_date", "expected a date as YYYY-MM-DD, got \"" + date + "\"");
            }
        }
        List<String> flags = merged.strings("compatibility_flags").orElse(List.of());
        if (!flags.isEmpty()) {
            merged.warn("compatibility_flags", "compatibility_flags " + flags + " are not implemented by Kiln and have no effect");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        merged.table("vars").ifPresent(t -> t.fields().forEach((k, v) -> vars.put(k, v.plain())));
        List<Binding> bindings = new Bindings(merged, problems, readers).read();
        WorkerConfig.Dev dev = top.table("dev").map(this::dev).orElse(WorkerConfig.Dev.DEFAULT);
        List<WorkerConfig.Route> routes = routes(merged);
        List<String> crons = crons(merged);
        WorkerConfig.Limits limits = merged.table("limits").map(this::limits).orElse(WorkerConfig.Limits.DEFAULT);
        List<WorkerConfig.Migration> migrations = top.tables("migrations").stream().map(this::migration).toList();
        Optional<WorkerConfig.Assets> assets = merged.table("assets").map(this::assets);
        List<WorkerConfig.QueueConsumer> consumers = merged.table("queues").map(q -> q.tables("consumers")).orElse(List.of())
                .stream().map(this::consumer).toList();
        problems.throwIfErrors();

        Optional<List<String>> required = merged.table("secrets").flatMap(t -> t.strings("required"));
        Map<String, String> secrets = SecretFiles.load(file.getParent(), env, required, vars.keySet(), environment, problems);
        secrets.keySet().forEach(vars::remove);
        extraVars.forEach(vars::put);
        problems.throwIfErrors();
        return new WorkerConfig(file, file.getParent(), name, main, date, flags, env, envNames, Map.copyOf(vars), Map.copyOf(secrets),
                bindings, routes, merged.bool("workers_dev").orElse(true), crons, limits, consumers, migrations, assets, dev,
                problems.warnings());
    }

    private void checkTopLevelKeys(Table top) {
        Set<String> known = new HashSet<>(Keys.TOP_LEVEL_ONLY);
        known.addAll(Keys.INHERITABLE);
        known.addAll(Keys.NON_INHERITABLE);
        known.addAll(Keys.LEGACY);
        top.warnUnexpected(known);
        for (String key : top.fields().keySet()) {
            if (Keys.LEGACY.contains(key)) {
                top.warn(key, "\"" + key + "\" is a legacy field; Kiln ignores it");
            } else if (Keys.IGNORED.contains(key)) {
                top.warn(key, "\"" + key + "\" is ignored by Kiln (Cloudflare-only or JavaScript build setting)");
            }
        }
    }

    private void checkEnvKeys(Table env, String name) {
        Set<String> known = new HashSet<>(Keys.INHERITABLE);
        known.addAll(Keys.NON_INHERITABLE);
        known.addAll(Keys.TOP_LEVEL_ONLY);
        env.warnUnexpected(known);
        for (String key : env.fields().keySet()) {
            if (Keys.TOP_LEVEL_ONLY.contains(key)) {
                env.error(key, "only allowed at the top level, not in env." + name);
            } else if (key.equals("migrations")) {
                env.warn(key, "\"migrations\" in env." + name + " is ignored: environments share the top-level migrations");
            }
        }
    }

    /** config.md §5: inheritable keys from the env, else the top; non-inheritable keys only from the env. */
    private Table merge(Table top, Optional<Table> envTable, Optional<String> env) {
        if (envTable.isEmpty()) {
            return top;
        }
        Map<String, Node> merged = new LinkedHashMap<>();
        for (var e : top.fields().entrySet()) {
            if (Keys.INHERITABLE.contains(e.getKey()) && !e.getKey().equals("migrations")) {
                merged.put(e.getKey(), e.getValue());
            } else if (Keys.NON_INHERITABLE.contains(e.getKey()) && !envTable.get().has(e.getKey())) {
                top.warn(e.getKey(), "\"" + e.getKey() + "\" exists at the top level, but not on \"env." + env.get()
                        + "\". This is not what you probably want, since \"" + e.getKey() + "\" is not inherited by environments.");
            }
        }
        for (var e : envTable.get().fields().entrySet()) {
            if (!Keys.TOP_LEVEL_ONLY.contains(e.getKey()) && !e.getKey().equals("migrations")) {
                merged.put(e.getKey(), e.getValue());
            }
        }
        return new Table("", new Node(merged, envTable.get().node().line(), envTable.get().node().column()), problems);
    }

    private WorkerConfig.Dev dev(Table t) {
        t.warnUnexpected(Set.of("ip", "port", "inspector_port", "local_protocol", "upstream_protocol", "host", "enable_containers",
                "container_engine", "generate_types"));
        int port = t.integer("port").map(Long::intValue).orElse(8787);
        if (port < 0 || port > 65535) {
            t.error("port", "must be 0 to 65535, got " + port);
        }
        String upstream = t.string("upstream_protocol").orElse("https");
        if (!upstream.equals("https") && !upstream.equals("http")) {
            t.error("upstream_protocol", "must be http or https, got \"" + upstream + "\"");
        }
        return new WorkerConfig.Dev(t.string("ip").orElse("localhost"), port, t.string("host"), upstream);
    }

    private List<WorkerConfig.Route> routes(Table t) {
        if (t.has("route") && t.has("routes")) {
            t.error("routes", "only one of \"route\" and \"routes\" may be set");
            return List.of();
        }
        List<Node> nodes = new ArrayList<>();
        t.map("route", n -> nodes.add(n));
        t.map("routes", n -> {
            if (n.isArray()) {
                nodes.addAll(n.array());
            } else {
                problems.error(n, "\"routes\": expected an array, got " + n.typeName());
            }
            return null;
        });
        List<WorkerConfig.Route> routes = new ArrayList<>();
        for (Node n : nodes) {
            if (n.value() instanceof String pattern) {
                routes.add(new WorkerConfig.Route(pattern, Optional.empty(), Optional.empty(), false));
            } else if (n.isTable()) {
                Table r = new Table("route", n, problems);
                r.warnUnexpected(Set.of("pattern", "zone_id", "zone_name", "custom_domain"));
                routes.add(new WorkerConfig.Route(r.requiredString("pattern"), r.string("zone_name"), r.string("zone_id"),
                        r.bool("custom_domain").orElse(false)));
            } else {
                problems.error(n, "a route is a pattern string or a table with \"pattern\", got " + n.typeName());
            }
        }
        return routes;
    }

    private List<String> crons(Table t) {
        Optional<Table> triggers = t.table("triggers");
        if (triggers.isEmpty()) {
            return List.of();
        }
        triggers.get().warnUnexpected(Set.of("crons"));
        List<String> crons = triggers.get().strings("crons").orElse(List.of());
        Node array = triggers.get().fields().get("crons");
        for (int i = 0; i < crons.size(); i++) {
            try {
                CronSchedule.parse(crons.get(i));
            } catch (IllegalArgumentException e) {
                problems.error(array.array().get(i), "\"triggers.crons[" + i + "]\": " + e.getMessage());
            }
        }
        return crons;
    }

    private WorkerConfig.Limits limits(Table t) {
        t.warnUnexpected(Set.of("cpu_ms", "subrequests"));
        long cpu = t.integer("cpu_ms").orElse(WorkerConfig.Limits.DEFAULT.cpuMs());
        if (cpu < 1 || cpu > 300_000) {
            t.error("cpu_ms", "must be 1 to 300000, got " + cpu);
        }
        long subrequests = t.integer("subrequests").orElse((long) WorkerConfig.Limits.DEFAULT.subrequests());
        if (subrequests < 1 || subrequests > 10_000_000) {
            t.error("subrequests", "must be 1 to 10000000, got " + subrequests);
        }
        return new WorkerConfig.Limits(cpu, (int) subrequests);
    }

    private WorkerConfig.Migration migration(Table t) {
        t.warnUnexpected(Set.of("tag", "new_classes", "new_sqlite_classes", "renamed_classes", "deleted_classes", "transferred_classes"));
        List<WorkerConfig.Migration.RenamedClass> renamed = t.tables("renamed_classes").stream().map(r -> {
            r.warnUnexpected(Set.of("from", "to"));
            return new WorkerConfig.Migration.RenamedClass(r.requiredString("from"), r.requiredString("to"));
        }).toList();
        List<WorkerConfig.Migration.TransferredClass> transferred = t.tables("transferred_classes").stream().map(r -> {
            r.warnUnexpected(Set.of("from", "from_script", "to"));
            return new WorkerConfig.Migration.TransferredClass(r.requiredString("from"), r.requiredString("from_script"), r.requiredString("to"));
        }).toList();
        return new WorkerConfig.Migration(t.requiredString("tag"), t.strings("new_classes").orElse(List.of()),
                t.strings("new_sqlite_classes").orElse(List.of()), renamed, t.strings("deleted_classes").orElse(List.of()), transferred);
    }

    private WorkerConfig.Assets assets(Table t) {
        t.warnUnexpected(Set.of("directory", "binding", "html_handling", "not_found_handling", "run_worker_first"));
        String html = t.string("html_handling").orElse("auto-trailing-slash");
        if (!HTML_HANDLING.contains(html)) {
            t.error("html_handling", "must be one of " + new TreeSet<>(HTML_HANDLING) + ", got \"" + html + "\"");
        }
        String notFound = t.string("not_found_handling").orElse("none");
        if (!NOT_FOUND_HANDLING.contains(notFound)) {
            t.error("not_found_handling", "must be one of " + new TreeSet<>(NOT_FOUND_HANDLING) + ", got \"" + notFound + "\"");
        }
        Object runFirst = t.map("run_worker_first", Node::plain).orElse(false);
        return new WorkerConfig.Assets(file.getParent().resolve(t.requiredString("directory")).normalize(), t.string("binding"),
                html, notFound, runFirst);
    }

    private WorkerConfig.QueueConsumer consumer(Table t) {
        t.warnUnexpected(Set.of("queue", "type", "max_batch_size", "max_batch_timeout", "max_retries", "dead_letter_queue",
                "max_concurrency", "retry_delay", "visibility_timeout_ms"));
        Function<String, Optional<Integer>> integer = key -> t.integer(key).map(Long::intValue);
        return new WorkerConfig.QueueConsumer(t.requiredString("queue"), integer.apply("max_batch_size"), integer.apply("max_batch_timeout"),
                integer.apply("max_retries"), t.string("dead_letter_queue"), integer.apply("max_concurrency"), integer.apply("retry_delay"));
    }

    static boolean validIdentifier(String name) {
        return IDENTIFIER.matcher(name).matches();
    }
}

package dev.kiln.cli;

import dev.kiln.spi.BindingKinds;
import dev.kiln.config.Binding;
import dev.kiln.config.ConfigLoader;
import dev.kiln.config.ConfigPrinter;
import dev.kiln.config.Diagnostic;
import dev.kiln.config.WorkerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln config print [DIR|FILE] [--env NAME] [--json]}: the resolved configuration. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Inspect worker configuration.",
        subcommands = ConfigCommand.Print.class)
final class ConfigCommand {

    @Command(name = "print", mixinStandardHelpOptions = true,
            description = "Print the resolved configuration: bindings, crons, routes, diagnostics.")
    static final class Print implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigSelection selection;

        @Parameters(paramLabel = "DIR|FILE", arity = "0..1", description = "Config file or directory (default: lookup from here).")
        Path target;

        @Option(names = "--json", description = "Machine-readable JSON (fields documented in docs/config.md).")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path source = target != null ? target : selection.configs.isEmpty() ? Path.of("") : selection.configs.get(0);
            WorkerConfig config = ConfigLoader.load(source.toAbsolutePath(), selection.env(), Map.of(), BindingKinds.all());
            if (json) {
                out.println(ConfigPrinter.toJson(config));
                return 0;
            }
            out.println("name:               " + config.name() + config.env().map(e -> " (env " + e + ")").orElse(""));
            out.println("main:               " + config.main());
            out.println("compatibility_date: " + config.compatibilityDate());
            out.println("file:               " + config.file());
            out.println("bindings:");
            for (Binding b : config.bindings()) {
                out.printf("  %-20s %-18s %s%n", b.name(), b.type(), b.target());
            }
            config.vars().keySet().forEach(v -> out.printf("  %-20s %-18s%n", v, "vars"));
            config.secrets().keySet().forEach(s -> out.printf("  %-20s %-18s %s%n", s, "secrets", "(hidden)"));
            if (!config.crons().isEmpty()) {
                out.println("crons:              " + String.join(", ", config.crons()));
            }
            config.routes().forEach(r -> out.println("route:              " + r.pattern()));
            for (Diagnostic d : config.diagnostics()) {
                out.println(d.format());
            }
            return 0;
        }
    }
}

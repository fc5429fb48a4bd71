package dev.kiln.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kiln}: the command line, mirroring wrangler's commands. Each subcommand is one class; exit codes:
 * 0 success, 1 failure (a clear message on stderr), 2 usage error.
 */
@Command(name = "kiln", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run Workers-style applications written in Java.",
        subcommands = {InitCommand.class, DevCommand.class, TestCommand.class, TailCommand.class, ConfigCommand.class, KvCommand.class,
                D1Command.class, R2Command.class, DoCommand.class})
public final class Main {

    public static void main(String[] args) {
        // Helidon logs through java.util.logging: send it to the same log as everything else.
        java.util.logging.LogManager.getLogManager().reset();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    /** @return the command line with Kiln's error handling, as {@link #main} runs it (tests use it in-process) */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((error, command, parsed) -> {
            command.getErr().println(command.getColorScheme().errorText("error: " + Errors.describe(error)));
            return 1;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"kiln " + (version == null ? "development build" : version)};
        }
    }
}

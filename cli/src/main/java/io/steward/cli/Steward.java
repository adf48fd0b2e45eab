package io.steward.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The top-level command and how every subcommand's failures map to exit codes. */
@Command(
        name = "steward",
        mixinStandardHelpOptions = true,
        versionProvider = Steward.Version.class,
        description = {
                "Data quality and governance for data lakes: DQDL rulesets, PII, masking, lineage, policy.",
                "",
                "Exit codes: 0 success, 1 a check failed (invalid ruleset, failing rule), 2 usage or input error."},
        footer = {"",
                "The ./steward launcher also runs, apart from this command line:",
                "  serve      the policy service (./steward serve --help)",
                "  keycloak   bootstrap and sync Keycloak for Steward (./steward keycloak --help)",
                "  atlas      publish the catalog to Apache Atlas (./steward atlas sync --help)"},
        subcommands = {
                ValidateCommand.class,
                FmtCommand.class,
                CheckCommand.class,
                PiiCommand.class,
                MaskCommand.class,
                ReadCommand.class,
                AuditCommand.class,
                EraseCommand.class,
                SubjectCommand.class,
                PurgeCommand.class,
                CrawlCommand.class,
                LoginCommand.class,
                TokenCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class Steward implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns its exit code; tests call this directly. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Steward())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parseResult) -> {
                    if (e instanceof InputException input) {
                        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + input.getMessage());
                        return USAGE;
                    }
                    throw e;
                });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Steward.class.getPackage().getImplementationVersion();
            return new String[] {"steward " + (version == null ? "development build" : version)};
        }
    }
}

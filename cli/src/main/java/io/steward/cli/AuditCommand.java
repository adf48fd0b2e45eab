package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** `steward audit ...`: the service's audit trail. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "The policy service's audit trail.",
        subcommands = {AuditCommand.Verify.class, CommandLine.HelpCommand.class})
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                    "Check the whole audit log: every entry hashes the one before it, so an entry edited or deleted "
                            + "after it was written breaks the chain there. Needs `steward login` as an admin or a "
                            + "compliance officer.",
                    "",
                    "Exit codes: 0 intact, 1 broken (the first broken entry and why on stdout), 2 usage error or refused."})
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--server", required = true, paramLabel = "URL", description = "The policy service.")
        String server;

        @Override
        public Integer call() {
            JsonNode result = new ServiceClient(server).get("/api/v1/audit/verify");
            if (result.path("intact").asBoolean()) {
                spec.commandLine().getOut().println("The audit log of " + server + " is intact: "
                        + result.path("entries").asLong() + " entries, each hashing the one before it.");
                return Steward.OK;
            }
            spec.commandLine().getOut().println("The audit log of " + server + " is BROKEN at entry "
                    + result.path("brokenAt").asLong() + ": " + result.path("reason").asText());
            return Steward.FAILED;
        }
    }
}

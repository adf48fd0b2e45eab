package io.steward.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `steward pii ...`: finding personal data. */
@Command(
        name = "pii",
        mixinStandardHelpOptions = true,
        description = "Find personal data in datasets.",
        subcommands = {PiiScanCommand.class, CommandLine.HelpCommand.class})
final class PiiCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

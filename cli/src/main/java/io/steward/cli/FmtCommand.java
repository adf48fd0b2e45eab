package io.steward.cli;

import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ast.Ruleset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(
        name = "fmt",
        mixinStandardHelpOptions = true,
        description = {
                "Print a DQDL ruleset in canonical form: sections in order, one rule per line, composite rules "
                        + "parenthesised, comments kept. The output is valid DQDL and formatting it again changes nothing."
                        + " An invalid file is not formatted: its errors go to stderr as FILE:LINE:COL: error: MESSAGE.",
                "",
                "Exit codes: 0 formatted, 1 the ruleset is invalid, 2 the file cannot be read or written."})
final class FmtCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Ruleset file (.dqdl).")
    Path file;

    @Option(names = {"-w", "--write"}, description = "Replace FILE with its canonical form (atomically) "
            + "instead of printing it.")
    boolean write;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Ruleset> ruleset = RulesetFiles.parse(file, err);
        if (ruleset.isEmpty()) {
            return Steward.FAILED;
        }
        String canonical = Dqdl.format(ruleset.get());
        if (write) {
            RulesetFiles.replace(file, canonical);
        } else {
            out.print(canonical);
        }
        return Steward.OK;
    }
}

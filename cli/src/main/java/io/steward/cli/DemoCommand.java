package io.steward.cli;

import io.steward.dqdl.Diagnostic;
import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ParseResult;
import io.steward.dqdl.ast.Ruleset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Show Steward on the bundled sample data, on embedded defaults. Today: validates every example "
                        + "ruleset and writes its canonical form, shows the precise errors Steward gives for the "
                        + "deliberately broken examples, then checks the sample orders with Spark and quarantines the rows"
                        + " that fail."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rulesets", paramLabel = "DIR",
            description = "Example rulesets (default: src-test-data/rulesets of this checkout); the sample "
                    + "data is in the data folder beside it.")
    Path rulesets;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where to write the formatted rulesets (default: target/demo of this checkout).")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path home = Path.of(System.getProperty("steward.home", "."));
        Path source = rulesets != null ? rulesets : home.resolve("src-test-data/rulesets");
        Path target = output != null ? output : home.resolve("target/demo");
        if (!Files.isDirectory(source)) {
            throw new InputException(source + ": no such directory of example rulesets");
        }
        Files.createDirectories(target);

        out.println("Steward demo: DQDL rulesets");
        out.println();
        int problems = 0;
        List<Path> valid = list(source);
        out.println("Validating and formatting " + valid.size() + " example rulesets from " + source + ":");
        for (Path file : valid) {
            ParseResult result = Dqdl.parse(RulesetFiles.read(file));
            if (!result.isValid()) {
                problems++;
                out.println("  FAIL " + file.getFileName() + " has errors:");
                result.errors().forEach(e -> out.println("       " + e.format(file.getFileName().toString())));
                continue;
            }
            Ruleset ruleset = result.ruleset().orElseThrow();
            String canonical = Dqdl.format(ruleset);
            Path formatted = target.resolve(file.getFileName());
            RulesetFiles.replace(formatted, canonical);
            boolean stable = Dqdl.format(Dqdl.parse(canonical).orElseThrow()).equals(canonical);
            int analyzers = ruleset.analyzers().map(a -> a.analyzers().size()).orElse(0);
            out.printf("  ok   %-28s %3d rules, %2d analyzers, %2d variables -> %s%s%n",
                    file.getFileName(), ruleset.ruleEntries().size(), analyzers, ruleset.variables().size(),
                    formatted, stable ? "" : "  (NOT idempotent)");
            if (!stable) {
                problems++;
            }
        }

        Path invalidDirectory = source.resolve("invalid");
        if (Files.isDirectory(invalidDirectory)) {
            List<Path> invalid = list(invalidDirectory);
            out.println();
            out.println("Reporting the errors in " + invalid.size() + " deliberately broken rulesets from "
                    + invalidDirectory + ":");
            for (Path file : invalid) {
                List<Diagnostic> errors = Dqdl.parse(RulesetFiles.read(file)).errors();
                if (errors.isEmpty()) {
                    problems++;
                    out.println("  FAIL " + file.getFileName() + " was accepted but should have been rejected");
                }
                errors.forEach(e -> out.println("  " + e.format(file.getFileName().toString())));
            }
        }
        problems += checkOrders(out, source.toAbsolutePath().getParent(), target);
        out.println();
        out.println(problems == 0
                ? "Done: every example is valid and formats stably, every broken example was caught, and the "
                        + "defective orders were found and quarantined."
                : "Done with " + problems + " unexpected result(s).");
        return problems == 0 ? Steward.OK : Steward.FAILED;
    }

    /** Runs `steward check` on the sample orders, which hold a few deliberate defects. */
    private int checkOrders(PrintWriter out, Path testData, Path target) throws IOException {
        Path data = testData.resolve("data/orders.csv");
        Path ruleset = testData.resolve("rulesets/orders-check.dqdl");
        Path quarantine = target.resolve("orders-quarantine");
        AtomicOutput.deleteTree(quarantine);
        out.println();
        out.println("Checking " + data + " with " + ruleset.getFileName() + " (Spark, local):");
        out.flush();
        int code = new CommandLine(new CheckCommand()).setOut(out).setErr(spec.commandLine().getErr())
                .execute("--ruleset", ruleset.toString(), "--data", data.toString(), "--quarantine",
                        quarantine.toString(), "--history", target.resolve("history").toString());
        out.println("Failing rows, with the rules they failed, are in " + quarantine + " (Parquet).");
        // Some rules fail on purpose: the sample orders hold defects. Only a usage error is a problem.
        return code == Steward.USAGE ? 1 : 0;
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".dqdl")).sorted().toList();
        }
    }
}

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
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Show Steward on the bundled sample data, on embedded defaults. Today: validates every example "
                        + "ruleset and writes its canonical form, shows the precise errors Steward gives for the "
                        + "deliberately broken examples, checks the sample orders with Spark and quarantines the rows"
                        + " that fail, crawls a small lake of daily order partitions and checks it incrementally "
                        + "as a new day lands, then finds the personal data in the sample customers and writes a "
                        + "masked copy."})
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
        problems += growingLake(out, source.toAbsolutePath().getParent(), target);
        problems += maskCustomers(out, source.toAbsolutePath().getParent(), target);
        out.println();
        out.println(problems == 0
                ? "Done: every example is valid and formats stably, every broken example was caught, the "
                        + "defective orders were found and quarantined, the lake was crawled and checked incrementally, "
                        + "and the customers' personal data was masked."
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

    /**
     * The sample orders as a lake of daily partitions: `steward crawl` finds the dataset, its
     * sniffed CSV and its partitions; `steward check --incremental` reads two days, then, when a
     * third lands, only that day, while the metrics stay those of all three.
     */
    private int growingLake(PrintWriter out, Path testData, Path target) throws IOException {
        List<String> lines = Files.readAllLines(testData.resolve("data/orders.csv"));
        Path lake = target.resolve("lake");
        Path orders = lake.resolve("orders");
        AtomicOutput.deleteTree(lake);
        AtomicOutput.deleteTree(target.resolve("lake-history"));
        String[] days = {"2026-11-25", "2026-11-26", "2026-11-27"};
        for (int d = 0; d < 2; d++) {
            writeDay(orders, days[d], lines, d);
        }
        out.println();
        out.println("Crawling " + lake + " (Spark, local):");
        out.flush();
        int crawl = new CommandLine(new Steward()).setOut(out).setErr(spec.commandLine().getErr())
                .execute("crawl", lake.toString());
        String[] check = {"check", "--ruleset", testData.resolve("rulesets/orders-check.dqdl").toString(), "--data",
                orders.toString(), "--incremental", "--history", target.resolve("lake-history").toString()};
        out.println();
        out.println("Checking it incrementally: two days so far.");
        out.flush();
        int first = new CommandLine(new Steward()).setOut(out).setErr(spec.commandLine().getErr()).execute(check);
        writeDay(orders, days[2], lines, 2);
        out.println();
        out.println("A third day lands; the check reads that day alone, the metrics are those of all three:");
        out.flush();
        int second = new CommandLine(new Steward()).setOut(out).setErr(spec.commandLine().getErr()).execute(check);
        // The orders hold defects on purpose: FAIL (1) is expected, only usage errors are problems.
        return (crawl == Steward.OK ? 0 : 1) + (first == Steward.USAGE ? 1 : 0) + (second == Steward.USAGE ? 1 : 0);
    }

    /** Every third order (from the n-th) as one day's CSV, with the header. */
    private static void writeDay(Path orders, String day, List<String> lines, int n) throws IOException {
        Files.createDirectories(orders.resolve("day=" + day));
        StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
        for (int i = 1 + n; i < lines.size(); i += 3) {
            csv.append(lines.get(i)).append('\n');
        }
        AtomicOutput.writeFile(orders.resolve("day=" + day).resolve("orders.csv"), w -> w.write(csv.toString()));
    }

    /**
     * Runs `steward pii scan` and `steward mask --auto` on the sample customers, with a throwaway
     * key made for the demo (a real run takes its key from a file or STEWARD_MASKING_KEY).
     */
    private int maskCustomers(PrintWriter out, Path testData, Path target) {
        Path data = testData.resolve("data/customers-pii.csv");
        Path masked = target.resolve("customers-masked");
        Path key = target.resolve("demo-masking.key");
        AtomicOutput.deleteTree(masked);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        AtomicOutput.writeFile(key, w -> w.write(Base64.getEncoder().encodeToString(secret) + "\n"));
        out.println();
        out.println("Finding personal data in " + data + " (Spark, local):");
        out.flush();
        int scan = new CommandLine(new Steward()).setOut(out).setErr(spec.commandLine().getErr())
                .execute("pii", "scan", "--data", data.toString());
        out.println();
        out.println("Masking every tagged column with its type's default (free text span by span), with a "
                + "throwaway key made for the demo:");
        out.flush();
        int mask = new CommandLine(new Steward()).setOut(out).setErr(spec.commandLine().getErr())
                .execute("mask", "--data", data.toString(), "--out", masked.toString(), "--auto", "--key-file",
                        key.toString());
        out.println("The masked copy and its sidecar (" + MaskJob.SIDECAR + ") are in " + masked + ".");
        return (scan == Steward.OK ? 0 : 1) + (mask == Steward.OK ? 0 : 1);
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".dqdl")).sorted().toList();
        }
    }
}

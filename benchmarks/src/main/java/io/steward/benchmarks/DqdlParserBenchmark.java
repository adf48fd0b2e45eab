package io.steward.benchmarks;

import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ParseResult;
import software.amazon.glue.dqdl.exception.InvalidDataQualityRulesetException;
import software.amazon.glue.dqdl.parser.DQDLParser;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Parse-and-validate throughput of Steward's DQDL parser against AWS's reference parser
 * (software.amazon.glue:dqdl 1.0.0), on a generated 1,000-rule ruleset and on the realistic
 * example rulesets, interleaved in one JVM after warm-up; then the wall-clock time of
 * {@code ./steward validate} on a 500-rule file. Writes its section of benchmarks/RESULTS.md.
 */
public final class DqdlParserBenchmark {

    /** Warm-up runs both parsers, interleaved, for this long before any sample is taken. */
    private static final long WARMUP_NANOS = 10_000_000_000L;
    private static final int SAMPLES = 25;
    private static final int CLI_RUNS = 10;

    private DqdlParserBenchmark() {
    }

    /** One side of a comparison: parses a text and says whether it was accepted. */
    private interface Parser {
        boolean parse(String text);
    }

    private static final Parser STEWARD = text -> Dqdl.parse(text).isValid();

    private static final Parser AWS = text -> {
        try {
            new DQDLParser().parse(text);
            return true;
        } catch (InvalidDataQualityRulesetException e) {
            return false;
        }
    };

    record Stats(double minMillis, double medianMillis) {
        static Stats of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
            return new Stats(sorted[0] / 1e6, median / 1e6);
        }
    }

    record Comparison(String name, int rules, Stats steward, Stats aws) {
        double speedup() {
            return aws.medianMillis() / steward.medianMillis();
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("benchmarks/target/dqdl"));

        String thousand = RulesetGenerator.generate(1000);
        require(STEWARD.parse(thousand) && AWS.parse(thousand), "both parsers must accept the generated ruleset");

        List<Path> realistic = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("src-test-data/rulesets"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".dqdl")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (STEWARD.parse(text) && AWS.parse(text)) {
                    realistic.add(file);
                } else {
                    excluded.add(file.getFileName().toString());
                }
            }
        }
        List<String> realisticTexts = new ArrayList<>();
        for (Path file : realistic) {
            realisticTexts.add(Files.readString(file, StandardCharsets.UTF_8));
        }
        int realisticRules = realisticTexts.stream().mapToInt(DqdlParserBenchmark::countRules).sum();

        Comparison big = compare("generated ruleset, 1,000 rules", 1000, List.of(thousand), 1);
        Comparison folder = compare("realistic rulesets (" + realistic.size() + " files)", realisticRules,
                realisticTexts, 20);

        Path fiveHundred = work.resolve("rules-500.dqdl");
        Files.writeString(fiveHundred, RulesetGenerator.generate(500), StandardCharsets.UTF_8);
        Stats cli = timeCli(root, fiveHundred);

        String section = report(big, folder, realistic, excluded, cli);
        System.out.println(section);
        Results.replaceSection(root.resolve("benchmarks/RESULTS.md"), "dqdl-parser", section);
    }

    /** Interleaves the two parsers sample by sample so that drift affects both alike. */
    private static Comparison compare(String name, int rules, List<String> texts, int iterationsPerSample) {
        long warmupStart = System.nanoTime();
        while (System.nanoTime() - warmupStart < WARMUP_NANOS) {
            run(STEWARD, texts, iterationsPerSample);
            run(AWS, texts, iterationsPerSample);
        }
        long[] steward = new long[SAMPLES];
        long[] aws = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            steward[i] = run(STEWARD, texts, iterationsPerSample) / iterationsPerSample;
            aws[i] = run(AWS, texts, iterationsPerSample) / iterationsPerSample;
        }
        return new Comparison(name, rules, Stats.of(steward), Stats.of(aws));
    }

    private static long run(Parser parser, List<String> texts, int iterations) {
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            for (String text : texts) {
                require(parser.parse(text), "a benchmark input was rejected");
            }
        }
        return System.nanoTime() - start;
    }

    /** Wall clock of the whole command, JVM start included, as a user sees it. */
    private static Stats timeCli(Path root, Path file) throws IOException, InterruptedException {
        List<String> command = List.of(root.resolve("steward").toString(), "validate", file.toString());
        runCli(command, root);
        long[] nanos = new long[CLI_RUNS];
        for (int i = 0; i < CLI_RUNS; i++) {
            long start = System.nanoTime();
            runCli(command, root);
            nanos[i] = System.nanoTime() - start;
        }
        return Stats.of(nanos);
    }

    private static void runCli(List<String> command, Path root) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
        require(process.waitFor() == 0, "steward validate failed on the 500-rule file");
    }

    private static int countRules(String text) {
        ParseResult result = Dqdl.parse(text);
        return result.ruleset().map(r -> r.ruleEntries().size()
                + r.analyzers().map(a -> a.analyzers().size()).orElse(0)).orElse(0);
    }

    private static String report(Comparison big, Comparison folder, List<Path> realistic, List<String> excluded,
                                 Stats cli) {
        StringBuilder text = new StringBuilder();
        text.append("## DQDL parse + validate: Steward vs AWS's parser (software.amazon.glue:dqdl 1.0.0)\n\n");
        text.append("Run ").append(LocalDate.now()).append(" with `benchmarks/run` on ").append(Machine.describe())
                .append(". Both parsers run interleaved in one JVM (-Xms1g -Xmx1g) after ")
                .append(WARMUP_NANOS / 1_000_000_000L).append(" s of interleaved warm-up; ").append(SAMPLES).append(" samples each. A parse is the public entry point "
                        + "as a user calls it: `Dqdl.parse(text)` (lex, parse, build the AST, validate) vs "
                        + "`new DQDLParser().parse(text)`.\n\n");
        text.append("| input | rules | Steward min / median | AWS min / median | Steward throughput | AWS throughput | speed-up (median) |\n");
        text.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison c : List.of(big, folder)) {
            text.append(String.format(Locale.ROOT, "| %s | %d | %.2f / %.2f ms | %.2f / %.2f ms | %,.0f rules/s | %,.0f rules/s | %.2fx |%n",
                    c.name(), c.rules(), c.steward().minMillis(), c.steward().medianMillis(), c.aws().minMillis(),
                    c.aws().medianMillis(), c.rules() / (c.steward().medianMillis() / 1000),
                    c.rules() / (c.aws().medianMillis() / 1000), c.speedup()));
        }
        text.append("\nRealistic files: ").append(String.join(", ", realistic.stream()
                .map(p -> p.getFileName().toString()).toList()));
        if (!excluded.isEmpty()) {
            text.append(" (left out because AWS 1.0.0 rejects them, see the differential test: ")
                    .append(String.join(", ", excluded)).append(")");
        }
        text.append(".\n\n");
        text.append(String.format(Locale.ROOT, "`./steward validate` of a 500-rule file (built, JVM start included, "
                + "%d runs): min %.0f ms, median %.0f ms; target under 1,000 ms.%n", CLI_RUNS, cli.minMillis(),
                cli.medianMillis()));
        text.append(String.format(Locale.ROOT, "%nTarget: at least 2x AWS's throughput — %s (%.2fx and %.2fx).%n",
                big.speedup() >= 2 && folder.speedup() >= 2 ? "met" : "NOT met", big.speedup(), folder.speedup()));
        return text.toString();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** What the results were measured on. */
    static final class Machine {
        private Machine() {
        }

        static String describe() {
            String cpu = "unknown CPU";
            try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                cpu = lines.filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
            } catch (IOException | RuntimeException e) {
                // Not Linux: keep the generic description.
            }
            long memoryGiB = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize() >> 30;
            return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memoryGiB + " GiB, Java "
                    + System.getProperty("java.version");
        }
    }
}

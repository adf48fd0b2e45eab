package io.steward.benchmarks;

import com.amazon.deequ.dqdl.EvaluateDataQuality;
import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ast.Ruleset;
import io.steward.rules.EvaluationOptions;
import io.steward.rules.EvaluationResult;
import io.steward.rules.Outcome;
import io.steward.rules.RowLevelResults;
import io.steward.rules.RuleEngine;
import io.steward.rules.RuleResult;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Steward's rule engine against (a) a bare scan, one aggregation over every column, and (b)
 * Deequ's own DQDL evaluator (com.amazon.deequ.dqdl.EvaluateDataQuality), on a generated orders
 * table in Parquet with a realistic 15-rule ruleset, interleaved in one Spark session; plus
 * row-level evaluation with a quarantine write, and `steward check` as a whole process against
 * Deequ's evaluator as a whole process. Writes its section of benchmarks/RESULTS.md.
 */
public final class RuleEngineBenchmark {

    static final String RULESET = """
            Rules = [
                RowCount > 0,
                IsComplete "order_id",
                IsUnique "order_id",
                Completeness "customer_id" > 0.99,
                ColumnValues "status" in ["NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"],
                ColumnValues "currency" in ["EUR", "USD", "GBP"],
                ColumnValues "amount" between 0 and 500,
                ColumnValues "quantity" between 0 and 11,
                ColumnValues "email" matches "customer[0-9]+@example\\.com",
                ColumnLength "country" = 2,
                Mean "amount" between 100 and 300,
                Sum "quantity" > 0,
                StandardDeviation "amount" < 200,
                Completeness "paid_at" > 0.5,
                DistinctValuesCount "channel" = 3
            ]
            """;

    private static final int WARMUPS = 2;
    private static final int SAMPLES = 5;

    private RuleEngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("deequ-process")) {
            deequProcess(args[1]);
            return;
        }
        List<Long> sizes = args.length == 0 ? List.of(1_000_000L)
                : Arrays.stream(args).map(Long::parseLong).toList();
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("benchmarks/target/rule-engine"));
        SparkSession spark = SparkSessions.create("steward-benchmark", "local[*]");
        spark.sparkContext().setLogLevel("ERROR");
        Ruleset ruleset = Dqdl.parse(RULESET).orElseThrow();
        Path rulesetFile = Files.writeString(work.resolve("orders-15-rules.dqdl"), RULESET);

        StringBuilder report = new StringBuilder();
        report.append("## Rule engine: Steward vs a bare scan and Deequ's DQDL evaluator\n\n");
        report.append("Run ").append(LocalDate.now()).append(" with `benchmarks/run rules` on ")
                .append(DqdlParserBenchmark.Machine.describe()).append(", Spark 3.5.9 local[*]. Generated orders "
                        + "table (12 columns, Parquet, snappy) and the 15-rule ruleset in `RuleEngineBenchmark.RULESET` "
                        + "(two of its rules, IsUnique and DistinctValuesCount, need a grouping). Each figure is "
                        + "min / median of ").append(SAMPLES).append(" runs after ").append(WARMUPS)
                .append(" warm-ups, interleaved in one Spark session. Bare scan: one aggregation over every "
                        + "column (`count(*)` and `max` of each). Deequ: `EvaluateDataQuality.process` with its "
                        + "results collected. Steward: `RuleEngine.evaluate`. Row-level: Steward's per-row results "
                        + "with the failing rows written as Parquet.\n\n");
        report.append("| rows | bare scan | Deequ evaluator | Steward | Steward / bare | Deequ / Steward | row-level + quarantine | row-level / bare |\n");
        report.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> processLines = new ArrayList<>();
        for (long rows : sizes) {
            Path data = generate(spark, work, rows);
            Dataset<Row> orders = spark.read().parquet(data.toString());
            checkAgreement(ruleset, orders);
            Stats bare = null;
            Stats deequ = null;
            Stats steward = null;
            Stats rowLevel = null;
            long[][] samples = new long[4][SAMPLES];
            for (int i = -WARMUPS; i < SAMPLES; i++) {
                long[] round = {
                        time(() -> bareScan(orders)),
                        time(() -> EvaluateDataQuality.process(orders, RULESET).collectAsList()),
                        time(() -> new RuleEngine().evaluate(ruleset, orders, options())),
                        time(() -> quarantine(ruleset, orders, work))};
                if (i >= 0) {
                    for (int k = 0; k < 4; k++) {
                        samples[k][i] = round[k];
                    }
                }
            }
            bare = Stats.of(samples[0]);
            deequ = Stats.of(samples[1]);
            steward = Stats.of(samples[2]);
            rowLevel = Stats.of(samples[3]);
            report.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %.2fx | %.2fx | %s | %.2fx |%n", rows,
                    bare, deequ, steward, steward.median() / bare.median(), deequ.median() / steward.median(),
                    rowLevel, rowLevel.median() / bare.median()));
            processLines.add(processComparison(root, rulesetFile, data, rows));
        }
        report.append("\nWhole process (JVM and Spark start included), 3 runs each, min / median:\n\n");
        processLines.forEach(line -> report.append(line).append('\n'));
        report.append("\nTargets: Steward at most 1.5x the bare scan, at least 2x faster than Deequ's evaluator, "
                + "`steward check` faster than Deequ's evaluator as a whole process, row-level with quarantine at "
                + "most 2x the bare scan.\n");
        System.out.println(report);
        Results.replaceSection(root.resolve("benchmarks/RESULTS.md"), "rule-engine", report.toString());
        spark.stop();
    }

    record Stats(double min, double median) {
        static Stats of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Stats(sorted[0] / 1e9, sorted[sorted.length / 2] / 1e9);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f / %.2f s", min, median);
        }
    }

    private static EvaluationOptions options() {
        return new EvaluationOptions(Clock.systemUTC(), Map.of());
    }

    static void bareScan(Dataset<Row> orders) {
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(functions.count(functions.lit(1)));
        for (String column : orders.columns()) {
            aggregates.add(functions.max(functions.col(column)));
        }
        orders.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).collectAsList();
    }

    private static void quarantine(Ruleset ruleset, Dataset<Row> orders, Path work) {
        Path target = work.resolve("quarantine");
        deleteTree(target);
        Dataset<Row> annotated = RowLevelResults.annotate(ruleset, orders, options());
        annotated.filter(annotated.col(RowLevelResults.EVALUATION_RESULT).equalTo(RowLevelResults.FAILED))
                .write().parquet(target.toString());
    }

    /** The two evaluators must agree on this ruleset, or the comparison means nothing. */
    private static void checkAgreement(Ruleset ruleset, Dataset<Row> orders) {
        EvaluationResult ours = new RuleEngine().evaluate(ruleset, orders, options());
        List<Row> theirs = EvaluateDataQuality.process(orders, RULESET).collectAsList();
        for (RuleResult rule : ours.rules()) {
            if (rule.outcome() == Outcome.ERROR) {
                throw new IllegalStateException("Steward could not evaluate " + rule.rule() + ": " + rule.message());
            }
        }
        if (theirs.size() != ours.rules().size()) {
            throw new IllegalStateException("Deequ evaluated " + theirs.size() + " rules, Steward "
                    + ours.rules().size());
        }
        long deequPassed = theirs.stream().filter(r -> "Passed".equals(r.getAs("Outcome"))).count();
        long stewardPassed = ours.rules().stream().filter(r -> r.outcome() == Outcome.PASS).count();
        if (deequPassed != stewardPassed) {
            throw new IllegalStateException("Deequ passed " + deequPassed + " rules, Steward " + stewardPassed);
        }
    }

    private static Path generate(SparkSession spark, Path work, long rows) {
        Path target = work.resolve("orders-" + rows + ".parquet");
        if (Files.exists(target.resolve("_SUCCESS"))) {
            return target;
        }
        deleteTree(target);
        spark.range(rows).selectExpr(
                        "id AS order_id",
                        "IF(pmod(hash(id, 2), 1000) = 0, NULL, concat('C', lpad(CAST(pmod(hash(id, 1), 100000) AS STRING), 6, '0'))) AS customer_id",
                        "element_at(array('NEW', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED'), pmod(hash(id, 3), 5) + 1) AS status",
                        "round(pmod(hash(id, 4), 40000) / 100.0 + 1, 2) AS amount",
                        "element_at(array('EUR', 'USD', 'GBP'), pmod(hash(id, 5), 3) + 1) AS currency",
                        "concat('customer', pmod(hash(id, 6), 1000000), '@example.com') AS email",
                        "element_at(array('DE', 'FR', 'GB', 'US', 'NL', 'ES', 'IT'), pmod(hash(id, 7), 7) + 1) AS country",
                        "timestamp_seconds(1767225600 - pmod(hash(id, 8), 2592000)) AS created_at",
                        "pmod(hash(id, 9), 10) + 1 AS quantity",
                        "pmod(hash(id, 10), 30) / 100.0 AS discount",
                        "element_at(array('web', 'app', 'store'), pmod(hash(id, 11), 3) + 1) AS channel")
                .selectExpr("*", "IF(status IN ('NEW', 'CANCELLED'), NULL, created_at + INTERVAL 2 HOURS) AS paid_at")
                .write().parquet(target.toString());
        return target;
    }

    /** `steward check` and a JVM running Deequ's evaluator, each a fresh process. */
    private static String processComparison(Path root, Path ruleset, Path data, long rows) throws Exception {
        List<String> steward = List.of(root.resolve("steward").toString(), "check", "--ruleset", ruleset.toString(),
                "--data", data.toString(), "--json", "--history", root.resolve("benchmarks/target/rule-engine/history")
                        .toString());
        List<String> deequ = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        deequ.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).toList());
        deequ.addAll(List.of("-cp", System.getProperty("java.class.path"), RuleEngineBenchmark.class.getName(),
                "deequ-process", data.toString()));
        long[] ours = new long[3];
        long[] theirs = new long[3];
        for (int i = 0; i < 3; i++) {
            ours[i] = runProcess(steward, root);
            theirs[i] = runProcess(deequ, root);
        }
        Stats s = Stats.of(ours);
        Stats d = Stats.of(theirs);
        return String.format(Locale.ROOT, "- %,d rows: `steward check` %s, Deequ evaluator %s (%.2fx)", rows, s, d,
                d.median() / s.median());
    }

    static long runProcess(List<String> command, Path root) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int code = process.waitFor();
        if (code > 1) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
        }
        return System.nanoTime() - start;
    }

    /** The baseline as a process: read the data, evaluate with Deequ, print the outcomes. */
    private static void deequProcess(String data) {
        SparkSession spark = SparkSessions.create("deequ-baseline", "local[*]");
        Dataset<Row> orders = spark.read().parquet(data);
        EvaluateDataQuality.process(orders, RULESET).collectAsList().forEach(System.out::println);
        spark.stop();
    }

    private static long time(Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return System.nanoTime() - start;
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.steward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ParseResult;
import io.steward.dqdl.ast.Ruleset;
import io.steward.rules.AnalyzerResult;
import io.steward.rules.EvaluationOptions;
import io.steward.rules.EvaluationResult;
import io.steward.rules.FileMetricHistory;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
                "Evaluate a DQDL ruleset on a dataset with Spark: every rule PASS, FAIL or ERROR with its",
                "metrics and a message; all scan-shareable metrics come from one pass over the data.",
                "Optionally write the passing rows (--output) and the failing rows with the rules they",
                "failed (--quarantine), each atomically.",
                "",
                "Exit codes: 0 every rule passed, 1 a rule failed or could not be evaluated, 2 usage or",
                "input error (unreadable or invalid ruleset, missing data, existing output folder)."})
final class CheckCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--ruleset", required = true, paramLabel = "FILE", description = "The DQDL ruleset.")
    Path ruleset;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "The dataset: a file or a folder.")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv, parquet, json (one document per file) or jsonl (one per line); default: from the name.")
    String format;

    @Option(names = "--source", paramLabel = "NAME=PATH",
            description = "An additional data source for rules that compare datasets (repeatable).")
    Map<String, Path> sources = new LinkedHashMap<>();

    @Option(names = "--output", paramLabel = "DIR", description = "Write the rows that pass every rule here (Parquet).")
    Path output;

    @Option(names = "--quarantine", paramLabel = "DIR",
            description = "Write the rows that fail a rule here (Parquet), with Glue's row-level columns and the run id.")
    Path quarantine;

    @Option(names = "--json", description = "Print the result as JSON: {\"dataset\",\"score\",\"evaluationSeconds\","
            + "\"rules\":[{\"rule\",\"outcome\",\"message\",\"metrics\"}],\"rows\":{\"total\",\"passed\",\"failed\"}}.")
    boolean json;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "The name the metric history keeps this dataset under (default: the data path).")
    String datasetName;

    @Option(names = "--history", paramLabel = "DIR",
            description = "Metric history for dynamic rules (default: ~/.steward/history).")
    Path history;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master (default: ${DEFAULT-VALUE}, this machine).")
    String master;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ParseResult parsed = Dqdl.parse(RulesetFiles.read(ruleset));
        if (!parsed.isValid()) {
            parsed.errors().forEach(e -> err.println(e.format(ruleset.toString())));
            return Steward.USAGE;
        }
        Ruleset rules = parsed.ruleset().orElseThrow();
        DataFiles.Format dataFormat = DataFiles.format(data, format);
        sources.forEach((name, path) -> DataFiles.format(path, null));
        for (Path target : new Path[] {output, quarantine}) {
            if (target != null && Files.exists(target)) {
                throw new InputException(target + ": already exists; Steward never overwrites output");
            }
        }
        Progress progress = new Progress(err);
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward check", master);
        try {
            Dataset<Row> dataset = read(spark, data, dataFormat);
            Map<String, Dataset<Row>> additional = new LinkedHashMap<>();
            sources.forEach((name, path) -> additional.put(name, read(spark, path, DataFiles.format(path, null))));
            Path historyDirectory = history != null ? history
                    : Path.of(System.getProperty("user.home"), ".steward", "history");
            String name = datasetName != null ? datasetName : data.toAbsolutePath().normalize().toString();
            EvaluationOptions options = new EvaluationOptions(Clock.systemUTC(), additional, name,
                    new FileMetricHistory(historyDirectory), Optional.of(data.toString()));

            progress.show("evaluating " + rules.ruleEntries().size() + " rules on " + data);
            long start = System.nanoTime();
            EvaluationResult result = new RuleEngine().evaluate(rules, dataset, options);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (output != null || quarantine != null) {
                progress.show("writing row-level results");
                writeRows(rules, dataset, options);
            }
            progress.done();
            if (json) {
                out.println(toJson(result, seconds));
            } else {
                printTable(out, result, seconds);
            }
            return result.allPassed() ? Steward.OK : Steward.FAILED;
        } finally {
            // The session is left to the JVM's shutdown hook, so callers in one JVM share it.
            progress.done();
        }
    }

    private static Dataset<Row> read(SparkSession spark, Path path, DataFiles.Format format) {
        try {
            return DataFiles.read(spark, path.toString(), format);
        } catch (Exception e) { // Spark's AnalysisException (path, schema) is checked
            throw new InputException(path + ": cannot read as " + format.name().toLowerCase(Locale.ROOT) + ": "
                    + firstLine(e), e);
        }
    }

    private void writeRows(Ruleset rules, Dataset<Row> dataset, EvaluationOptions options) {
        String runId = UUID.randomUUID().toString();
        Dataset<Row> annotated = RowLevelResults.annotate(rules, dataset, options).persist();
        try {
            if (output != null) {
                AtomicOutput.write(output, runId, dir -> annotated
                        .filter(annotated.col(RowLevelResults.EVALUATION_RESULT).equalTo(RowLevelResults.PASSED))
                        .select(originalColumns(dataset))
                        .write().parquet(dir.toString()));
            }
            if (quarantine != null) {
                AtomicOutput.write(quarantine, runId, dir -> annotated
                        .filter(annotated.col(RowLevelResults.EVALUATION_RESULT).equalTo(RowLevelResults.FAILED))
                        .withColumn("DataQualityRunId", functions.lit(runId))
                        .write().parquet(dir.toString()));
            }
        } finally {
            annotated.unpersist();
        }
    }

    private static Column[] originalColumns(Dataset<Row> dataset) {
        return Arrays.stream(dataset.columns()).map(dataset::col).toArray(Column[]::new);
    }

    private String toJson(EvaluationResult result, double seconds) {
        ObjectNode node = JSON.createObjectNode();
        node.put("dataset", data.toString());
        node.put("score", result.score());
        node.put("evaluationSeconds", Math.round(seconds * 1000) / 1000.0);
        ArrayNode rulesNode = node.putArray("rules");
        for (RuleResult rule : result.rules()) {
            ObjectNode r = rulesNode.addObject();
            r.put("rule", rule.rule());
            r.put("outcome", rule.outcome().name());
            r.put("message", rule.message());
            ObjectNode metrics = r.putObject("metrics");
            rule.metrics().forEach(metrics::put);
        }
        ArrayNode analyzers = node.putArray("analyzers");
        for (AnalyzerResult analyzer : result.analyzers()) {
            ObjectNode a = analyzers.addObject();
            a.put("analyzer", analyzer.analyzer());
            ObjectNode metrics = a.putObject("metrics");
            analyzer.metrics().forEach(metrics::put);
            analyzer.error().ifPresent(e -> a.put("error", e));
        }
        ObjectNode rows = node.putObject("rows");
        rows.put("total", result.rowsTotal());
        rows.put("passed", result.rowsPassed());
        rows.put("failed", result.rowsFailed());
        return node.toString();
    }

    private void printTable(PrintWriter out, EvaluationResult result, double seconds) {
        int width = Math.min(60, result.rules().stream().mapToInt(r -> r.rule().length()).max().orElse(4));
        out.printf("%-" + width + "s  %-7s %s%n", "RULE", "OUTCOME", "MESSAGE");
        for (RuleResult rule : result.rules()) {
            String text = rule.rule().length() > width ? rule.rule().substring(0, width - 1) + "…" : rule.rule();
            out.printf("%-" + width + "s  %-7s %s%n", text, rule.outcome(), rule.message());
        }
        for (AnalyzerResult analyzer : result.analyzers()) {
            out.printf("%-" + width + "s  %-7s %s%n", analyzer.analyzer(), "METRICS", analyzer.error()
                    .orElse(metricsText(analyzer.metrics())));
        }
        long passed = result.rules().stream().filter(r -> r.outcome() == Outcome.PASS).count();
        out.printf(Locale.ROOT, "%nscore %.2f (%d of %d rules passed); rows %d: %d passed, %d failed; %.1f s%n",
                result.score(), passed, result.rules().size(), result.rowsTotal(), result.rowsPassed(),
                result.rowsFailed(), seconds);
    }

    /** "Column.amount.Mean=205.40735, ..." with at most six decimals. */
    private static String metricsText(Map<String, Double> metrics) {
        return metrics.entrySet().stream()
                .map(e -> e.getKey() + "=" + new BigDecimal(e.getValue()).setScale(6, RoundingMode.HALF_UP)
                        .stripTrailingZeros().toPlainString())
                .collect(Collectors.joining(", "));
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}

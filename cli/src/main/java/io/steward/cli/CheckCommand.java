package io.steward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.dqdl.ast.Ruleset;
import io.steward.rules.AnalyzerResult;
import io.steward.rules.EvaluationResult;
import io.steward.rules.FileMetricHistory;
import io.steward.rules.MetricValues;
import io.steward.rules.Outcome;
import io.steward.rules.RuleResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
                "Evaluate a DQDL ruleset on a dataset with Spark: every rule PASS, FAIL or ERROR with its "
                        + "metrics and a message; all scan-shareable metrics come from one pass over the data. Optionally "
                        + "write the passing rows (--output) and the failing rows with the rules they failed "
                        + "(--quarantine), each atomically.",
                "",
                "Exit codes: 0 every rule passed, 1 a rule failed or could not be evaluated, 2 usage or input "
                        + "error (unreadable or invalid ruleset, missing data, existing output folder)."})
final class CheckCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--ruleset", paramLabel = "FILE", description = "The DQDL ruleset (or --server: those it attaches).")
    Path ruleset;

    @Option(names = "--server", paramLabel = "URL", description = "Evaluate the rulesets this policy service attaches to "
            + "--job and --dataset, and record each result there as a DQ run (needs `steward login`).")
    String server;

    @Option(names = "--job", paramLabel = "NAMESPACE:NAME", description = "With --server: the job checking, as "
            + "OpenLineage names it (e.g. airflow:nightly_orders).")
    String job;

    @Mixin
    DataOptions input;

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
            description = "The name the metric history keeps this dataset under (default: the data path); with "
                    + "--server, its catalog name NAMESPACE:NAME.")
    String datasetName;

    @Option(names = "--history", paramLabel = "DIR",
            description = "Metric history for dynamic rules (default: ~/.steward/history; with --server, the service's).")
    Path history;

    @Option(names = "--catalog-schemas", paramLabel = "FILE", description = "The dataset's schema versions as the "
            + "catalog keeps them (JSON, as GET /api/v1/datasets/{id}/schema-versions returns; fetched by itself with "
            + "--server): rules name the latest as the source \"catalog\" (SchemaMatch \"catalog\" = 1.0) and "
            + "version N as \"catalog@N\"; ColumnExists says where the data and the catalog differ.")
    Path catalogSchemas;

    @Option(names = "--incremental", description = "Read only the partitions (key=value folders) or files not seen "
            + "since the last incremental run of this ruleset on this dataset; the metrics stay those of the whole "
            + "dataset, merged from the states each part keeps in the history folder. --output and --quarantine "
            + "receive the new parts' rows.")
    boolean incremental;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (server != null) {
            return checkWithServer(out, err);
        }
        if (ruleset == null) {
            throw new InputException("give --ruleset FILE, or --server URL with --job and --dataset");
        }
        Optional<Ruleset> parsed = RulesetFiles.parse(ruleset, err);
        if (parsed.isEmpty()) {
            return Steward.USAGE;
        }
        Ruleset rules = parsed.get();
        DataFiles.Format dataFormat = input.resolvedFormat();
        sources.forEach((name, path) -> DataFiles.format(path, null));
        for (Path target : new Path[] {output, quarantine}) {
            if (target != null && Files.exists(target)) {
                throw new InputException(target + ": already exists; Steward never overwrites output");
            }
        }
        Progress progress = new Progress(err);
        JobLineage lineage = JobLineage.to((String) null, "check", err);
        try {
            CheckJob job = new CheckJob(input.data, dataFormat, sources, output, quarantine, input.master,
                    datasetName != null ? datasetName : input.data.toAbsolutePath().normalize().toString(),
                    new FileMetricHistory(historyFolder()), lineage, states(),
                    Optional.ofNullable(catalogSchemas).map(CatalogSchemas::read));
            CheckJob.Finished finished = evaluate(job, rules, progress, lineage);
            progress.done();
            if (json) {
                out.println(toJson(finished));
            } else {
                printTable(out, finished);
            }
            return finished.result().allPassed() ? Steward.OK : Steward.FAILED;
        } finally {
            progress.done();
        }
    }

    /** Every ruleset the service attaches, evaluated in one Spark session, each result recorded there. */
    private int checkWithServer(PrintWriter out, PrintWriter err) {
        if (job == null || datasetName == null || ruleset != null || output != null || quarantine != null) {
            throw new InputException("--server takes --job and --dataset (and no --ruleset, --output or --quarantine)");
        }
        DataFiles.Format dataFormat = input.resolvedFormat();
        ServerCheck check = new ServerCheck(new ServiceClient(server), job, datasetName);
        JobLineage lineage = JobLineage.to(server, "check", err);
        long datasetId = check.datasetId(input.data, dataFormat);
        boolean allPassed = true;
        Progress progress = new Progress(err);
        try {
            for (ServerCheck.Attached attached : check.rulesets(datasetId)) {
                // Dynamic rules and anomaly detection read the earlier runs the service keeps.
                CheckJob evaluation = new CheckJob(input.data, dataFormat, sources, null, null, input.master,
                        datasetName, check.history(datasetId), lineage, states(),
                        Optional.of(check.schemaVersions(datasetId)));
                CheckJob.Finished finished = evaluate(evaluation, ServerCheck.parse(attached), progress, lineage);
                long run = check.record(datasetId, attached, finished.result());
                progress.done();
                if (json) {
                    out.println(toJson(finished));
                } else {
                    out.printf("ruleset %s v%d (recorded as run %d on %s)%n", attached.name(), attached.version(), run,
                            server);
                    printTable(out, finished);
                    out.println();
                }
                allPassed &= finished.result().allPassed();
            }
        } finally {
            progress.done();
        }
        return allPassed ? Steward.OK : Steward.FAILED;
    }

    private Path historyFolder() {
        return history != null ? history : Path.of(System.getProperty("user.home"), ".steward", "history");
    }

    /** Where an incremental check keeps its bookmarks and states: the local history folder. */
    private Optional<Path> states() {
        return incremental ? Optional.of(historyFolder()) : Optional.empty();
    }

    /** Runs the job and reports it as lineage: outcomes and metrics on the data, or the failure. */
    private CheckJob.Finished evaluate(CheckJob job, Ruleset rules, Progress progress, JobLineage lineage) {
        return lineage.run(input.data, () -> job.run(rules, progress), finished -> new JobLineage.Report(
                List.of(JobLineage.quality(input.data, finished.result())), List.of()));
    }

    private String toJson(CheckJob.Finished finished) {
        EvaluationResult result = finished.result();
        double seconds = finished.seconds();
        ObjectNode node = JSON.createObjectNode();
        node.put("dataset", input.data.toString());
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
        finished.increment().ifPresent(increment -> {
            ObjectNode parts = node.putObject("incremental");
            parts.put("parts", increment.scanned().size() + increment.reused().size());
            increment.scanned().forEach(parts.putArray("scanned")::add);
            parts.put("reused", increment.reused().size());
            increment.removed().forEach(parts.putArray("removed")::add);
            increment.fullScan().forEach(parts.putArray("wholeDatasetMetrics")::add);
            increment.approximate().forEach(parts.putArray("approximateMetrics")::add);
        });
        return node.toString();
    }

    private void printTable(PrintWriter out, CheckJob.Finished finished) {
        EvaluationResult result = finished.result();
        double seconds = finished.seconds();
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
        finished.increment().ifPresent(increment -> {
            out.printf("incremental: %d parts read, %d reused from their states, %d removed%n",
                    increment.scanned().size(), increment.reused().size(), increment.removed().size());
            if (!increment.approximate().isEmpty()) {
                out.println("approximate (distinct values counted by 64-bit hashes): "
                        + String.join(", ", increment.approximate()));
            }
            if (!increment.fullScan().isEmpty()) {
                out.println("computed over the whole dataset (no mergeable state): "
                        + String.join(", ", increment.fullScan()));
            }
        });
    }

    /** "Column.amount.Mean=205.40735, ..." with at most six decimals. */
    private static String metricsText(Map<String, Double> metrics) {
        return metrics.entrySet().stream()
                .map(e -> e.getKey() + "=" + MetricValues.format(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // Spark's ParseException starts with an empty line
        return message.lines().filter(line -> !line.isBlank()).findFirst().orElse(message).strip();
    }
}

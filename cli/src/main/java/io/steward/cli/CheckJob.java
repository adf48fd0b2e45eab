package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.steward.dqdl.ast.Ruleset;
import io.steward.rules.DataPart;
import io.steward.rules.EvaluationOptions;
import io.steward.rules.EvaluationResult;
import io.steward.rules.IncrementalEvaluation;
import io.steward.rules.MetricHistory;
import io.steward.rules.RowLevelResults;
import io.steward.rules.RuleEngine;
import io.steward.rules.SparkSessions;
import io.steward.rules.StateStore;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Spark side of `steward check`. Kept apart from the command class, whose methods picocli
 * reflects on at start-up: commands that need no Spark (validate, fmt) then start without it.
 */
record CheckJob(Path data, DataFiles.Format format, Map<String, Path> sources, Path output, Path quarantine,
                String master, String datasetName, MetricHistory history, JobLineage lineage,
                Optional<Path> states, Optional<JsonNode> catalogSchemas) {

    /** The evaluation, and what an incremental one read and reused. */
    record Finished(EvaluationResult result, double seconds, Optional<IncrementalEvaluation> increment) {
    }

    Finished run(Ruleset rules, Progress progress) {
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward check", master);
        lineage.attach(spark);
        // The session is left to the JVM's shutdown hook, so callers in one JVM share it.
        Dataset<Row> dataset = DataFiles.read(spark, data, format);
        Map<String, Dataset<Row>> additional = new LinkedHashMap<>();
        catalogSchemas.ifPresent(versions -> additional.putAll(CatalogSchemas.sources(spark, versions)));
        sources.forEach((name, path) -> additional.put(name, DataFiles.read(spark, path,
                DataFiles.format(path, null))));
        EvaluationOptions options = new EvaluationOptions(Clock.systemUTC(), additional, datasetName,
                history, Optional.of(data.toString()));

        progress.show("evaluating " + rules.ruleEntries().size() + " rules on " + data);
        long start = System.nanoTime();
        if (states.isPresent()) {
            return incrementally(spark, rules, dataset, options, progress, start);
        }
        EvaluationResult result = new RuleEngine().evaluate(rules, dataset, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (output != null || quarantine != null) {
            progress.show("writing row-level results");
            writeRows(rules, dataset, options);
        }
        return new Finished(result, seconds, Optional.empty());
    }

    /**
     * Reads only the parts not seen since the bookmark; row-level results cover those parts (the
     * others were written by the runs that read them).
     */
    private Finished incrementally(SparkSession spark, Ruleset rules, Dataset<Row> dataset, EvaluationOptions options,
                                   Progress progress, long start) {
        List<DataPart> parts = DataParts.of(data);
        Map<String, DataPart> byId = new LinkedHashMap<>();
        parts.forEach(p -> byId.put(p.id(), p));
        DataPart.Reader reader = DataParts.reader(spark, data, format);
        IncrementalEvaluation evaluation = new RuleEngine().evaluateIncrementally(rules, dataset, parts, reader,
                StateStore.open(states.get(), datasetName, rules), options);
        double seconds = (System.nanoTime() - start) / 1e9;
        if ((output != null || quarantine != null) && !evaluation.scanned().isEmpty()) {
            progress.show("writing row-level results of " + evaluation.scanned().size() + " new parts");
            Dataset<Row> fresh = reader.read(evaluation.scanned().stream().map(byId::get).toList());
            writeRows(rules, fresh, options);
        }
        return new Finished(evaluation.result(), seconds, Optional.of(evaluation));
    }

    private void writeRows(Ruleset rules, Dataset<Row> dataset, EvaluationOptions options) {
        String runId = UUID.randomUUID().toString();
        Dataset<Row> annotated = RowLevelResults.annotate(rules, dataset, options).persist();
        try {
            if (output != null) {
                AtomicOutput.write(output, runId, dir -> annotated
                        .filter(annotated.col(RowLevelResults.EVALUATION_RESULT).equalTo(RowLevelResults.PASSED))
                        .select(Arrays.stream(dataset.columns()).map(dataset::col).toArray(Column[]::new))
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
}

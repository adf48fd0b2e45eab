package io.steward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlineage.spark.agent.OpenLineageSparkListener;
import io.steward.masking.MaskingPlan;
import io.steward.masking.TransformSpec;
import io.steward.pii.ColumnClassification;
import io.steward.rules.EvaluationResult;
import io.steward.rules.Outcome;
import io.steward.rules.RuleResult;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * OpenLineage from a Steward Spark job. The real openlineage-spark listener reports every Spark
 * action the job runs (inputs, outputs, schemas, column lineage); at the end Steward adds one
 * event of its own with what only it knows: rule outcomes and metrics (dataQualityAssertions,
 * dataQualityMetrics), PII classifications (stewardPii) and the columns it masked
 * (stewardMasking). Both go to the policy service named by --server, with the caller's token
 * (OpenLineage's api_key auth), else to OPENLINEAGE_URL with OPENLINEAGE_API_KEY, else nowhere.
 * Lineage that cannot be delivered is a warning, never the job's failure: the data work stands.
 *
 * <p>Datasets are named as the listener names files (namespace "file", the absolute path), so
 * Steward's facets land on the datasets the listener reported.
 */
final class JobLineage {

    static final String NAMESPACE = "steward";
    private static final String PRODUCER = "https://github.com/steward-data/steward/cli";
    private static final String EVENT_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    /** Where events go: the base URL (events are posted to /api/v1/lineage) and the bearer token. */
    record Target(String url, Optional<String> apiKey) {
    }

    private final Optional<Target> target;
    private final String job;
    private final java.io.PrintWriter warnings;
    private final UUID runId = UUID.randomUUID();
    private final Instant started = Instant.now();
    private OpenLineageSparkListener listener;
    private SparkSession spark;

    private JobLineage(Optional<Target> target, String job, java.io.PrintWriter warnings) {
        this.target = target;
        this.job = job;
        this.warnings = warnings;
    }

    /**
     * @param server the policy service (--server), or null for OPENLINEAGE_URL or nowhere
     * @param job      Steward's name for the job, e.g. "check", "mask"
     * @param warnings where a refused or failed delivery is reported: the job's own result stands
     */
    static JobLineage to(String server, String job, java.io.PrintWriter warnings) {
        if (server != null) {
            return to(new Target(server, Optional.of(new ServiceClient(server).token())), job, warnings);
        }
        String url = System.getenv("OPENLINEAGE_URL");
        if (url == null || url.isBlank()) {
            return new JobLineage(Optional.empty(), job, warnings);
        }
        String key = System.getenv("OPENLINEAGE_API_KEY");
        return to(new Target(url, Optional.ofNullable(key).filter(k -> !k.isBlank())), job, warnings);
    }

    static JobLineage to(Target target, String job, java.io.PrintWriter warnings) {
        return new JobLineage(Optional.of(target), job, warnings);
    }

    /** Starts the listener on the job's session: every Spark action from here on is reported. */
    void attach(SparkSession session) {
        if (target.isEmpty() || listener != null) {
            return;
        }
        spark = session;
        SparkConf conf = session.sparkContext().getConf().clone()
                .set("spark.openlineage.namespace", NAMESPACE)
                .set("spark.openlineage.transport.type", "http")
                .set("spark.openlineage.transport.url", target.get().url())
                .set("spark.openlineage.transport.endpoint", "/api/v1/lineage")
                .set("spark.openlineage.parentJobNamespace", NAMESPACE)
                .set("spark.openlineage.parentJobName", job)
                .set("spark.openlineage.parentRunId", runId.toString())
                .set("spark.openlineage.rootParentJobNamespace", NAMESPACE)
                .set("spark.openlineage.rootParentJobName", job)
                .set("spark.openlineage.rootParentRunId", runId.toString());
        target.get().apiKey().ifPresent(key -> conf
                .set("spark.openlineage.transport.auth.type", "api_key")
                .set("spark.openlineage.transport.auth.apiKey", key));
        // The listener reads removePath from the context's own configuration, not from its copy.
        session.sparkContext().conf().set("spark.openlineage.dataset.removePath.pattern", AtomicOutput.STAGING_IN_PATH);
        listener = new OpenLineageSparkListener(conf);
        session.sparkContext().addSparkListener(listener);
    }

    /** What a finished job reports: its inputs and outputs, with Steward's facets. */
    record Report(List<ObjectNode> inputs, List<ObjectNode> outputs) {
    }

    /**
     * Runs the job's work and reports it: COMPLETE with the report of its result, or FAIL with
     * the failure's message on the input it was reading (the failure is then rethrown).
     */
    <T> T run(Path input, java.util.function.Supplier<T> work, java.util.function.Function<T, Report> report) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            complete(List.of(file(input)), List.of(), Optional.of(String.valueOf(e.getMessage())));
            throw e;
        }
        Report done = report.apply(result);
        complete(done.inputs(), done.outputs(), Optional.empty());
        return result;
    }

    /**
     * Waits until the listener has sent what it saw, then sends Steward's event for the job: its
     * inputs and outputs with Steward's facets (see {@link #file} and {@link #facet}).
     *
     * @param failed a failed job is reported as FAIL with its message, and still closes the run
     */
    void complete(List<ObjectNode> inputs, List<ObjectNode> outputs, Optional<String> failed) {
        if (target.isEmpty()) {
            return;
        }
        if (listener != null) {
            // Listener events are delivered on Spark's listener bus thread; drain it before the JVM ends.
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty(SEND_TIMEOUT.toMillis());
            } catch (java.util.concurrent.TimeoutException e) {
                warn("Spark's lineage listener did not finish sending within " + SEND_TIMEOUT.toSeconds() + " s");
            } finally {
                spark.sparkContext().removeSparkListener(listener);
            }
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("eventType", failed.isPresent() ? "FAIL" : "COMPLETE");
        event.put("eventTime", Instant.now().toString());
        event.put("producer", PRODUCER);
        event.put("schemaURL", EVENT_SCHEMA);
        ObjectNode run = event.putObject("run");
        run.put("runId", runId.toString());
        ObjectNode runFacets = run.putObject("facets");
        ObjectNode nominal = facet(runFacets, "nominalTime");
        nominal.put("nominalStartTime", started.toString());
        failed.ifPresent(message -> facet(runFacets, "errorMessage").put("message", message)
                .put("programmingLanguage", "JAVA"));
        ObjectNode jobNode = event.putObject("job");
        jobNode.put("namespace", NAMESPACE);
        jobNode.put("name", job);
        ArrayNode in = event.putArray("inputs");
        inputs.forEach(in::add);
        ArrayNode out = event.putArray("outputs");
        outputs.forEach(out::add);
        send(event);
    }

    /** The checked dataset with its rule outcomes (dataQualityAssertions) and metrics (dataQualityMetrics). */
    static ObjectNode quality(Path data, EvaluationResult result) {
        ObjectNode dataset = file(data);
        ObjectNode facets = dataset.putObject("inputFacets");
        ObjectNode metrics = facet(facets, "dataQualityMetrics");
        metrics.put("rowCount", result.rowsTotal());
        ObjectNode columns = metrics.putObject("columnMetrics");
        ArrayNode assertions = facet(facets, "dataQualityAssertions").putArray("assertions");
        for (RuleResult rule : result.rules()) {
            ObjectNode assertion = assertions.addObject();
            assertion.put("assertion", rule.rule());
            assertion.put("success", rule.outcome() == Outcome.PASS);
            rule.metrics().forEach((name, value) -> {
                // Rule metrics are named "Column.COLUMN.METRIC" or "Dataset.*.METRIC".
                String[] parts = name.split("\\.", 3);
                if (parts.length == 3 && parts[0].equals("Column") && value != null && !value.isNaN()) {
                    columns.with(parts[1]).put(parts[2], value);
                    if (!assertion.has("column")) {
                        assertion.put("column", parts[1]);
                    }
                }
            });
        }
        return dataset;
    }

    /** A scanned dataset with the PII each column holds (stewardPii). */
    static ObjectNode pii(Path data, List<ColumnClassification> columns) {
        ObjectNode dataset = file(data);
        ObjectNode found = facet(dataset.putObject("facets"), "stewardPii").putObject("columns");
        for (ColumnClassification column : columns) {
            if (!column.entities().isEmpty()) {
                ArrayNode entities = found.putArray(column.column());
                column.entities().forEach(e -> entities.addObject().put("type", e.type().name())
                        .put("score", Math.min(1.0, e.score())));
            }
        }
        return dataset;
    }

    /**
     * A masked copy: each column's lineage from the input (a copy, or a masking transformation)
     * and the columns masked, by which transform, under which key id (stewardMasking).
     */
    static ObjectNode masked(Path input, Path output, List<String> columns, List<MaskingPlan.ColumnMask> plan,
                             Optional<String> keyId) {
        ObjectNode dataset = file(output);
        ObjectNode facets = dataset.putObject("facets");
        ObjectNode lineage = facet(facets, "columnLineage").putObject("fields");
        ObjectNode masked = facet(facets, "stewardMasking").putObject("columns");
        String inputName = file(input).path("name").asText();
        for (String column : columns) {
            Optional<MaskingPlan.ColumnMask> mask = plan.stream().filter(m -> m.column().equals(column)).findFirst();
            ObjectNode source = lineage.putObject(column).putArray("inputFields").addObject();
            source.put("namespace", "file").put("name", inputName).put("field", column);
            ObjectNode transformation = source.putArray("transformations").addObject();
            transformation.put("type", "DIRECT");
            if (mask.isEmpty()) {
                transformation.put("subtype", "IDENTITY").put("masking", false);
                continue;
            }
            String transform = mask.get().transform().map(TransformSpec::format).orElse("SPANS");
            transformation.put("subtype", "TRANSFORMATION").put("description", transform).put("masking", true);
            ObjectNode entry = masked.putObject(column);
            entry.put("transform", transform);
            keyId.ifPresent(id -> entry.put("keyId", id));
        }
        return dataset;
    }

    /**
     * A dataset an erase rewrote: its rows after (outputStatistics), and what the rewrite did
     * (stewardErase: the erase requests of the batch, the action, rows before and erased).
     */
    static ObjectNode erased(String namespace, String name, List<String> requests, EraseRewrite.Erased erased) {
        ObjectNode dataset = dataset(namespace, name);
        ObjectNode facets = dataset.putObject("outputFacets");
        facet(facets, "outputStatistics").put("rowCount", erased.after());
        ObjectNode erase = facet(facets, "stewardErase");
        requests.forEach(erase.putArray("requests")::add);
        erase.put("action", erased.action());
        erase.put("rowsBefore", erased.before());
        erase.put("rowsErased", erased.erased());
        return dataset;
    }

    private void warn(String what) {
        warnings.println("steward " + job + ": warning: lineage not recorded: " + what);
        warnings.flush();
    }

    /** A file dataset as the listener names it. */
    static ObjectNode file(Path path) {
        return dataset("file", path.toAbsolutePath().normalize().toString());
    }

    static ObjectNode dataset(String namespace, String name) {
        ObjectNode dataset = JSON.createObjectNode();
        dataset.put("namespace", namespace);
        dataset.put("name", name);
        return dataset;
    }

    /** The schemas of the facets Steward writes: OpenLineage's own, and Steward's custom ones. */
    private static final java.util.Map<String, String> FACET_SCHEMAS = java.util.Map.of(
            "nominalTime", "https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet",
            "errorMessage", "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet",
            "dataQualityMetrics", "https://openlineage.io/spec/facets/1-0-2/DataQualityMetricsInputDatasetFacet.json"
                    + "#/$defs/DataQualityMetricsInputDatasetFacet",
            "dataQualityAssertions", "https://openlineage.io/spec/facets/1-0-1/DataQualityAssertionsDatasetFacet.json"
                    + "#/$defs/DataQualityAssertionsDatasetFacet",
            "columnLineage", "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json"
                    + "#/$defs/ColumnLineageDatasetFacet",
            "outputStatistics", "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json"
                    + "#/$defs/OutputStatisticsOutputDatasetFacet");

    /** A facet with the producer and schema fields the spec requires of every facet. */
    static ObjectNode facet(ObjectNode facets, String name) {
        ObjectNode facet = facets.putObject(name);
        facet.put("_producer", PRODUCER);
        facet.put("_schemaURL", FACET_SCHEMAS.getOrDefault(name, PRODUCER + "/facets/" + name + ".json"));
        return facet;
    }

    private void send(ObjectNode event) {
        Target to = target.orElseThrow();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.url().replaceAll("/+$", "")
                        + "/api/v1/lineage"))
                .timeout(SEND_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.toString()));
        to.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                warn("refused by " + to.url() + ": HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            warn("could not reach " + to.url() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warn("interrupted while sending");
        }
    }
}

package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ParseResult;
import io.steward.rules.EvaluationResult;
import io.steward.rules.MetricHistory;
import io.steward.rules.RuleResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `steward check --server`: the rulesets the service attaches to this job and dataset, each
 * evaluated and its results posted back as a DQ run.
 */
final class ServerCheck {

    /** One ruleset as the service holds it. */
    record Attached(String name, int version, String text) {
    }

    private final ServiceClient client;
    private final String job;
    private final String dataset;

    ServerCheck(ServiceClient client, String job, String dataset) {
        this.client = client;
        this.job = job;
        this.dataset = dataset;
    }

    /** The dataset's catalog id (registered if new) and its attached rulesets, which must not be none. */
    long datasetId(Path data, DataFiles.Format format) {
        return TagRecorder.ensureDataset(client, dataset, data, format);
    }

    /** The catalog's schema versions of the dataset, for rules that compare with them. */
    JsonNode schemaVersions(long datasetId) {
        return client.get("/api/v1/datasets/" + datasetId + "/schema-versions");
    }

    List<Attached> rulesets(long datasetId) {
        String[] jobName = ServiceClient.splitName(job, "--job");
        JsonNode found = client.get("/api/v1/rulesets?datasetId=" + datasetId + "&jobNamespace="
                + ServiceClient.encode(jobName[0]) + "&jobName=" + ServiceClient.encode(jobName[1]));
        List<Attached> attached = new ArrayList<>();
        for (JsonNode ruleset : found) {
            attached.add(new Attached(ruleset.path("name").asText(), ruleset.path("version").asInt(),
                    ruleset.path("text").asText()));
        }
        if (attached.isEmpty()) {
            throw new InputException("no ruleset is attached to " + dataset + " or to job " + job + " on the server");
        }
        return attached;
    }

    static io.steward.dqdl.ast.Ruleset parse(Attached ruleset) {
        ParseResult parsed = Dqdl.parse(ruleset.text());
        if (!parsed.isValid()) { // the service validates on save; a newer grammar could still disagree
            throw new InputException("ruleset " + ruleset.name() + " v" + ruleset.version() + " from the server is not "
                    + "valid here: " + parsed.errors().get(0));
        }
        return parsed.orElseThrow();
    }

    /**
     * The service's history of this dataset's metrics: the metrics of the rules of its earlier
     * runs. Nothing is recorded through it: the run this check posts is the record.
     */
    MetricHistory history(long datasetId) {
        return new MetricHistory() {
            @Override
            public List<Double> recent(String ignored, String metric, int count) {
                List<Double> values = new ArrayList<>();
                for (JsonNode value : client.get("/api/v1/datasets/" + datasetId + "/metrics?name="
                        + ServiceClient.encode(metric) + "&limit=" + count)) {
                    values.add(value.asDouble());
                }
                return values;
            }

            @Override
            public void record(String ignored, java.time.Instant time, Map<String, Double> metrics) {
                // The DQ run posted after the evaluation carries these metrics to the service.
            }
        };
    }

    /** Posts the run; returns its id. */
    long record(long datasetId, Attached ruleset, EvaluationResult result) {
        String[] jobName = ServiceClient.splitName(job, "--job");
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleResult rule : result.rules()) {
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("rule", rule.rule());
            outcome.put("outcome", rule.outcome().name());
            outcome.put("message", rule.message());
            Map<String, Double> metrics = new LinkedHashMap<>();
            rule.metrics().forEach((name, value) -> {
                if (Double.isFinite(value)) { // JSON has no NaN
                    metrics.put(name, value);
                }
            });
            outcome.put("metrics", metrics);
            rules.add(outcome);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("ruleset", ruleset.name());
        run.put("rulesetVersion", ruleset.version());
        run.put("jobNamespace", jobName[0]);
        run.put("jobName", jobName[1]);
        run.put("score", result.score());
        run.put("rowsTotal", result.rowsTotal());
        run.put("rowsPassed", result.rowsPassed());
        run.put("rowsFailed", result.rowsFailed());
        run.put("rules", rules);
        return client.post("/api/v1/datasets/" + datasetId + "/dq-runs", run).path("id").asLong();
    }
}

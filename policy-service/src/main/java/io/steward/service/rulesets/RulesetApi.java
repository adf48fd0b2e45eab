package io.steward.service.rulesets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the ruleset and DQ-result API takes and returns. */
public final class RulesetApi {

    private RulesetApi() {
    }

    public record RulesetView(String name, int version, String text, String createdBy, Instant createdAt) {
    }

    /** Attach to a dataset, to a job (namespace and name), or to a dataset as that job writes it. */
    public record AttachRequest(Long datasetId, String jobNamespace, String jobName) {
    }

    public record AttachmentView(long id, String ruleset, Long datasetId, String jobNamespace, String jobName) {
    }

    /** A rule's outcome as `steward check --json` prints it. */
    public record RuleOutcome(String rule, String outcome, String message, Map<String, Double> metrics) {
    }

    /** A DQ run to record: the ruleset evaluated (name and version, optional), the job, and the results. */
    public record RunRequest(String ruleset, Integer rulesetVersion, String jobNamespace, String jobName, double score,
                             Long rowsTotal, Long rowsPassed, Long rowsFailed, List<RuleOutcome> rules) {
    }

    public record RunView(long id, long datasetId, String ruleset, Integer rulesetVersion, double score, Long rowsTotal,
                          Long rowsPassed, Long rowsFailed, Instant finishedAt, List<RuleOutcome> rules) {
    }
}

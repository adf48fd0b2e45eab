package io.steward.rules;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One rule's outcome.
 *
 * @param rule    the rule in canonical DQDL form
 * @param message why it passed, failed or could not be evaluated, for a person
 * @param metrics evaluated metrics named as Glue names them, e.g. Column.amount.Mean
 */
public record RuleResult(String rule, Outcome outcome, String message, Map<String, Double> metrics) {
    public RuleResult {
        requireNonNull(rule, "rule");
        requireNonNull(outcome, "outcome");
        requireNonNull(message, "message");
        metrics = Map.copyOf(metrics);
    }
}

package io.steward.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
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
        // Insertion order is kept: metrics are reported in the order they were asked for.
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}

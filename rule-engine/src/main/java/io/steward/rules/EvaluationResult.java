package io.steward.rules;

import java.util.List;

/**
 * A ruleset evaluated on one dataset.
 *
 * @param score      the share of rules that passed (1.0 for a ruleset without rules)
 * @param rowsPassed rows that satisfy every rule with a per-row meaning
 */
public record EvaluationResult(List<RuleResult> rules, List<AnalyzerResult> analyzers, long rowsTotal,
                               long rowsPassed, double score) {
    public EvaluationResult {
        rules = List.copyOf(rules);
        analyzers = List.copyOf(analyzers);
    }

    public long rowsFailed() {
        return rowsTotal - rowsPassed;
    }

    public boolean allPassed() {
        return rules.stream().allMatch(r -> r.outcome() == Outcome.PASS);
    }
}

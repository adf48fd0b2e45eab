package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.metrics.Metric;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one rule needs computed and how it decides once the fused scan has run. The planner
 * makes one per rule; the engine collects every check's analyzers into a single Deequ run.
 */
interface Check {

    /** The analyzers this check reads; the engine runs them all together. None by default. */
    default List<Analyzer<?, Metric<?>>> analyzers() {
        return List.of();
    }

    /** The outcome, its message and the metrics named as Glue names them. */
    Decision decide(Metrics metrics);

    /**
     * A Spark SQL predicate that is true for the rows that pass this rule, for rules with a
     * per-row meaning; rows outside a where clause pass. None for dataset-level rules.
     */
    default Optional<String> rowPredicate() {
        return Optional.empty();
    }

    /** The rows a row-level rule applies to (its where clause); the others skip it. */
    default Optional<String> rowScope() {
        return Optional.empty();
    }

    record Decision(Outcome outcome, String message, Map<String, Double> metrics) {
        static Decision error(String message) {
            return new Decision(Outcome.ERROR, message, Map.of());
        }
    }
}

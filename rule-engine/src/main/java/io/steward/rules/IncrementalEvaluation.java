package io.steward.rules;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A ruleset evaluated on a whole dataset from the metric states of its parts.
 *
 * @param result   the outcomes and metrics, for the whole dataset
 * @param scanned  parts read in this run (new, or changed since the bookmark)
 * @param reused   parts whose stored states were merged without reading them
 * @param removed  parts the bookmark knew that are gone (their states were dropped)
 * @param fullScan metrics that have no mergeable state and were computed over the whole dataset
 * @param approximate metrics merged from hashed sketches (distinct values of a column with too many
 *                    to count one by one, not integers): exact unless two values' hashes collide
 */
public record IncrementalEvaluation(EvaluationResult result, List<String> scanned, List<String> reused,
                                   List<String> removed, List<String> fullScan, List<String> approximate) {
    public IncrementalEvaluation {
        requireNonNull(result, "result");
        scanned = List.copyOf(scanned);
        reused = List.copyOf(reused);
        removed = List.copyOf(removed);
        fullScan = List.copyOf(fullScan);
        approximate = List.copyOf(approximate);
    }
}

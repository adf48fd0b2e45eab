package io.steward.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The metrics of one entry of the Analyzers section, or the reason it could not be computed. */
public record AnalyzerResult(String analyzer, Map<String, Double> metrics, Optional<String> error) {
    public AnalyzerResult {
        requireNonNull(analyzer, "analyzer");
        // Insertion order is kept: metrics are reported in the order they were asked for.
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        requireNonNull(error, "error");
    }
}

package io.steward.rules;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.Clock;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What an evaluation needs besides the ruleset and the data.
 *
 * @param clock   the time that now() means; tests fix it
 * @param sources additional datasets by name, for the rules that compare datasets
 * @param dataset the name the metric history keeps this dataset's metrics under
 * @param history metrics of earlier runs, for dynamic rules
 */
public record EvaluationOptions(Clock clock, Map<String, Dataset<Row>> sources, String dataset,
                                MetricHistory history) {
    public EvaluationOptions {
        requireNonNull(clock, "clock");
        sources = Map.copyOf(sources);
        requireNonNull(dataset, "dataset");
        requireNonNull(history, "history");
    }

    /** Without history: dynamic rules are ERROR. */
    public EvaluationOptions(Clock clock, Map<String, Dataset<Row>> sources) {
        this(clock, sources, "primary", MetricHistory.none());
    }
}

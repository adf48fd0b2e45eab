package io.steward.rules;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What an evaluation needs besides the ruleset and the data.
 *
 * @param clock   the time that now() means; tests fix it
 * @param sources additional datasets by name, for the rules that compare datasets
 * @param dataset the name the metric history keeps this dataset's metrics under
 * @param history  metrics of earlier runs, for dynamic rules
 * @param location the path the data was read from, which File* rules inspect by default
 */
public record EvaluationOptions(Clock clock, Map<String, Dataset<Row>> sources, String dataset,
                                MetricHistory history, Optional<String> location) {

    /**
     * The source holding the catalog's registered schema of the dataset (no rows), when the check
     * was given it: SchemaMatch can name it, and ColumnExists says where the data drifted from it.
     */
    public static final String CATALOG = "catalog";

    public EvaluationOptions {
        requireNonNull(clock, "clock");
        sources = Map.copyOf(sources);
        requireNonNull(dataset, "dataset");
        requireNonNull(history, "history");
        requireNonNull(location, "location");
    }

    public EvaluationOptions(Clock clock, Map<String, Dataset<Row>> sources, String dataset, MetricHistory history) {
        this(clock, sources, dataset, history, Optional.empty());
    }

    /** Without history: dynamic rules are ERROR. */
    public EvaluationOptions(Clock clock, Map<String, Dataset<Row>> sources) {
        this(clock, sources, "primary", MetricHistory.none());
    }
}

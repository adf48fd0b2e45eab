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
 */
public record EvaluationOptions(Clock clock, Map<String, Dataset<Row>> sources) {
    public EvaluationOptions {
        requireNonNull(clock, "clock");
        sources = Map.copyOf(sources);
    }

    public static EvaluationOptions defaults() {
        return new EvaluationOptions(Clock.systemUTC(), Map.of());
    }
}

package io.steward.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Metrics of earlier runs, per dataset, for dynamic rules ("RowCount > avg(last(7))"). A local
 * folder by default ({@link FileMetricHistory}); the service keeps it later.
 */
public interface MetricHistory {

    /** Up to {@code count} earlier values of a metric, the most recent first. */
    List<Double> recent(String dataset, String metric, int count);

    /** Adds one run's metrics. */
    void record(String dataset, Instant time, Map<String, Double> metrics);

    /** No history: dynamic rules are ERROR with the reason. */
    static MetricHistory none() {
        return new MetricHistory() {
            @Override
            public List<Double> recent(String dataset, String metric, int count) {
                return List.of();
            }

            @Override
            public void record(String dataset, Instant time, Map<String, Double> metrics) {
                // Nothing is kept.
            }
        };
    }
}

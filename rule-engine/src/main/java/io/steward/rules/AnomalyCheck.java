package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.anomalydetection.BatchNormalStrategy;
import com.amazon.deequ.metrics.Metric;
import scala.Option;
import scala.collection.JavaConverters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DetectAnomalies: today's value of a metric against its history, with Deequ's batch normal
 * strategy: an anomaly lies more than three standard deviations from the mean of the earlier
 * runs (today's value is not part of the mean, so one outlier cannot hide itself).
 */
record AnomalyCheck(String metricName, String subject, Analyzer<?, Metric<?>> analyzer, MetricHistory history,
                    String dataset) implements Check {

    static final int MINIMUM_HISTORY = 3;
    static final int HISTORY_WINDOW = 100;
    private static final double DEVIATIONS = 3.0;

    @Override
    public List<Analyzer<?, Metric<?>>> analyzers() {
        return List.of(analyzer);
    }

    @Override
    public Decision decide(Metrics metrics) {
        double value = metrics.value(analyzer);
        Map<String, Double> named = Map.of(metricName, value);
        List<Double> recent = history.recent(dataset, metricName, HISTORY_WINDOW);
        if (recent.size() < MINIMUM_HISTORY) {
            return new Decision(Outcome.ERROR, subject + " is " + MetricValues.format(value)
                    + "; anomaly detection needs " + MINIMUM_HISTORY + " earlier runs of " + metricName
                    + ", the history has " + recent.size(), named);
        }
        List<DataPoint<Object>> points = new ArrayList<>();
        for (int i = recent.size() - 1, time = 0; i >= 0; i--, time++) {
            points.add(new DataPoint<>(time, Option.apply(recent.get(i))));
        }
        AnomalyDetector detector = new AnomalyDetector(new BatchNormalStrategy(Option.apply(DEVIATIONS),
                Option.apply(DEVIATIONS), false));
        DetectionResult result = detector.isNewPointAnomalous(JavaConverters.asScalaBuffer(points).toSeq(),
                new DataPoint<>(points.size(), Option.apply(value)));
        boolean anomalous = !result.anomalies().isEmpty();
        String detail = anomalous ? result.anomalies().head()._2().detail().getOrElse(() -> "") : "";
        return new Decision(anomalous ? Outcome.FAIL : Outcome.PASS, subject + " is " + MetricValues.format(value)
                + (anomalous ? ", an anomaly against the last " + recent.size() + " runs" + (detail.isEmpty() ? ""
                : " (" + detail + ")") : ", in line with the last " + recent.size() + " runs"), named);
    }

}

package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import scala.util.Try;

/** The metrics of one fused Deequ run, read by analyzer. */
final class Metrics {

    private final AnalyzerContext context;

    Metrics(AnalyzerContext context) {
        this.context = context;
    }

    /** The metric's value, or Conditions.Undecidable with Deequ's reason when it failed. */
    double value(Analyzer<?, Metric<?>> analyzer) {
        scala.Option<Metric<?>> metric = context.metricMap().get(analyzer);
        if (metric.isEmpty()) {
            throw new Conditions.Undecidable("no metric was computed for " + analyzer);
        }
        Try<?> value = metric.get().value();
        if (value.isFailure()) {
            Throwable cause = value.failed().get();
            throw new Conditions.Undecidable(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
        return ((Number) value.get()).doubleValue();
    }
}

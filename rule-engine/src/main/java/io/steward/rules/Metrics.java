package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import scala.util.Try;

import java.math.BigDecimal;
import java.math.RoundingMode;

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

    /** A value as people read it: at most six decimals, no trailing zeros. */
    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}

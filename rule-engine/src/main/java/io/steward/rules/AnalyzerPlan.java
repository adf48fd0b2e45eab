package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.metrics.Metric;
import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ast.Parameter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the Analyzers section: the metrics it asks for, computed in the same fused scan
 * as the rules', and reported without a pass/fail.
 */
record AnalyzerPlan(String text, Map<String, Analyzer<?, Metric<?>>> metrics, Map<String, Double> schemaMetrics,
                    Optional<String> error) {

    static AnalyzerPlan of(io.steward.dqdl.ast.Analyzer analyzer, StructType schema) {
        String text = Dqdl.format(analyzer);
        List<String> columns = analyzer.parameters().stream().map(Parameter::value).toList();
        for (String column : columns) {
            if (!analyzer.type().equals("CustomSql") && field(schema, column).isEmpty()) {
                return failed(text, "column " + column + " does not exist; the columns are "
                        + String.join(", ", schema.fieldNames()));
            }
        }
        Map<String, Analyzer<?, Metric<?>>> metrics = new LinkedHashMap<>();
        Optional<String> none = Optional.empty();
        switch (analyzer.type()) {
            case "ColumnCount" -> {
                return new AnalyzerPlan(text, Map.of(), Map.of("Dataset.*.ColumnCount",
                        (double) schema.fields().length), Optional.empty());
            }
            case "Variance" -> {
                return failed(text, "Variance as an analyzer is not computed yet; use StandardDeviation");
            }
            case "ColumnLength" -> {
                metrics.put(name(columns, "MinimumLength"), Deequ.minLength(columns.get(0), none));
                metrics.put(name(columns, "MaximumLength"), Deequ.maxLength(columns.get(0), none));
            }
            case "AllStatistics" -> allStatistics(columns.get(0), field(schema, columns.get(0)).orElseThrow().dataType(),
                    metrics);
            default -> {
                Optional<Analyzer<?, Metric<?>>> metric = Deequ.metric(analyzer.type(), columns, none);
                if (metric.isEmpty()) {
                    return failed(text, analyzer.type() + " is not computed as an analyzer by this version of "
                            + "Steward yet");
                }
                metrics.put(analyzer.type().equals("RowCount") ? "Dataset.*.RowCount" : name(columns, analyzer.type()),
                        metric.get());
            }
        }
        return new AnalyzerPlan(text, metrics, Map.of(), Optional.empty());
    }

    private static void allStatistics(String column, DataType type, Map<String, Analyzer<?, Metric<?>>> metrics) {
        Optional<String> none = Optional.empty();
        List<String> columns = List.of(column);
        metrics.put(name(columns, "Completeness"), Deequ.completeness(column, none));
        metrics.put(name(columns, "DistinctValuesCount"), Deequ.countDistinct(columns));
        if (type instanceof NumericType) {
            metrics.put(name(columns, "Mean"), Deequ.mean(column, none));
            metrics.put(name(columns, "Sum"), Deequ.sum(column, none));
            metrics.put(name(columns, "StandardDeviation"), Deequ.standardDeviation(column, none));
            metrics.put(name(columns, "Minimum"), Deequ.minimum(column, none));
            metrics.put(name(columns, "Maximum"), Deequ.maximum(column, none));
        } else if (type instanceof StringType) {
            metrics.put(name(columns, "MinimumLength"), Deequ.minLength(column, none));
            metrics.put(name(columns, "MaximumLength"), Deequ.maxLength(column, none));
        }
    }

    List<Analyzer<?, Metric<?>>> analyzers() {
        return List.copyOf(metrics.values());
    }

    AnalyzerResult result(Metrics values) {
        if (error.isPresent()) {
            return new AnalyzerResult(text, Map.of(), error);
        }
        Map<String, Double> computed = new LinkedHashMap<>(schemaMetrics);
        for (Map.Entry<String, Analyzer<?, Metric<?>>> metric : metrics.entrySet()) {
            try {
                computed.put(metric.getKey(), values.value(metric.getValue()));
            } catch (Conditions.Undecidable e) {
                return new AnalyzerResult(text, computed, Optional.of(metric.getKey() + ": " + e.getMessage()));
            }
        }
        return new AnalyzerResult(text, computed, Optional.empty());
    }

    private static AnalyzerPlan failed(String text, String reason) {
        return new AnalyzerPlan(text, Map.of(), Map.of(), Optional.of(reason));
    }

    private static Optional<StructField> field(StructType schema, String name) {
        for (StructField field : schema.fields()) {
            if (field.name().equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    private static String name(List<String> columns, String metric) {
        return Planner.metricName(columns, metric);
    }
}

package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.AnalyzerOptions;
import com.amazon.deequ.analyzers.MaxLength;
import com.amazon.deequ.analyzers.MinLength;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.Correlation;
import com.amazon.deequ.analyzers.CountDistinct;
import com.amazon.deequ.analyzers.Entropy;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.Minimum;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.StandardDeviation;
import com.amazon.deequ.analyzers.Sum;
import com.amazon.deequ.analyzers.UniqueValueRatio;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.metrics.Metric;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deequ's analyzers built from Java: Scala's default arguments are invisible here, so every
 * constructor argument is spelled out once, in this class.
 */
@SuppressWarnings("unchecked")
final class Deequ {

    /** What AnalysisRunner takes; Deequ's analyzers are typed by state and metric. */
    @SuppressWarnings("rawtypes")
    static Analyzer<?, Metric<?>> cast(Analyzer analyzer) {
        return (Analyzer<?, Metric<?>>) analyzer;
    }

    private Deequ() {
    }

    /** Rule types that measure one metric over several columns; the others read the first column. */
    static final Set<String> MULTI_COLUMN_METRICS = Set.of("Uniqueness", "UniqueValueRatio", "DistinctValuesCount",
            "ColumnCorrelation");
    /** Rule types that are one Deequ metric, as rules, as analyzers and under DetectAnomalies. */
    static final Set<String> METRICS = Set.of("RowCount", "Completeness", "Uniqueness", "UniqueValueRatio",
            "DistinctValuesCount", "Entropy", "Mean", "Sum", "StandardDeviation", "ColumnCorrelation");

    /**
     * The analyzer that computes a metric rule type over its (existing) columns, or nothing when
     * the type is not one metric.
     */
    static Optional<Analyzer<?, Metric<?>>> metric(String type, List<String> columns, Optional<String> where) {
        return Optional.ofNullable(switch (type) {
            case "RowCount" -> size(where);
            case "Completeness" -> completeness(columns.get(0), where);
            case "Uniqueness" -> uniqueness(columns, where);
            case "UniqueValueRatio" -> uniqueValueRatio(columns, where);
            case "DistinctValuesCount" -> {
                if (where.isPresent()) {
                    throw new Conditions.Undecidable("DistinctValuesCount with a where clause is not supported yet");
                }
                yield countDistinct(columns);
            }
            case "Entropy" -> entropy(columns.get(0), where);
            case "Mean" -> mean(columns.get(0), where);
            case "Sum" -> sum(columns.get(0), where);
            case "StandardDeviation" -> standardDeviation(columns.get(0), where);
            case "ColumnCorrelation" -> correlation(columns.get(0), columns.get(1), where);
            default -> null;
        });
    }

    static Analyzer<?, Metric<?>> size(Optional<String> where) {
        return cast(new Size(option(where)));
    }

    static Analyzer<?, Metric<?>> completeness(String column, Optional<String> where) {
        return cast(new Completeness(column, option(where), Option.<AnalyzerOptions>empty()));
    }

    static Analyzer<?, Metric<?>> uniqueness(List<String> columns, Optional<String> where) {
        return cast(new Uniqueness(seq(columns), option(where), Option.<AnalyzerOptions>empty()));
    }

    static Analyzer<?, Metric<?>> uniqueValueRatio(List<String> columns, Optional<String> where) {
        return cast(new UniqueValueRatio(seq(columns), option(where), Option.<AnalyzerOptions>empty()));
    }

    static Analyzer<?, Metric<?>> countDistinct(List<String> columns) {
        return cast(new CountDistinct(seq(columns)));
    }

    static Analyzer<?, Metric<?>> entropy(String column, Optional<String> where) {
        return cast(new Entropy(column, option(where)));
    }

    static Analyzer<?, Metric<?>> mean(String column, Optional<String> where) {
        return cast(new Mean(column, option(where)));
    }

    static Analyzer<?, Metric<?>> sum(String column, Optional<String> where) {
        return cast(new Sum(column, option(where)));
    }

    static Analyzer<?, Metric<?>> standardDeviation(String column, Optional<String> where) {
        return cast(new StandardDeviation(column, option(where)));
    }

    static Analyzer<?, Metric<?>> minimum(String column, Optional<String> where) {
        return cast(new Minimum(column, option(where), Option.<AnalyzerOptions>empty()));
    }

    static Analyzer<?, Metric<?>> maximum(String column, Optional<String> where) {
        return cast(new Maximum(column, option(where), Option.<AnalyzerOptions>empty()));
    }

    static Analyzer<?, Metric<?>> minLength(String column, Optional<String> where) {
        return cast(new MinLength(column, option(where), Option.<AnalyzerOptions>empty()));
    }

    static Analyzer<?, Metric<?>> maxLength(String column, Optional<String> where) {
        return cast(new MaxLength(column, option(where), Option.<AnalyzerOptions>empty()));
    }

    static Analyzer<?, Metric<?>> correlation(String first, String second, Optional<String> where) {
        return cast(new Correlation(first, second, option(where)));
    }

    /** The share of rows (that pass where) for which the SQL predicate is true. */
    static Analyzer<?, Metric<?>> compliance(String name, String predicate, Optional<String> where,
                                             List<String> columns) {
        return cast(new Compliance(name, predicate, option(where),
                JavaConverters.asScalaBuffer(columns).toList(), Option.<AnalyzerOptions>empty()));
    }

    private static Option<String> option(Optional<String> value) {
        return value.map(Option::apply).orElse(Option.empty());
    }

    private static Seq<String> seq(List<String> values) {
        return JavaConverters.asScalaBuffer(values).toSeq();
    }
}

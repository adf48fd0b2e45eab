package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Analyzers;
import com.amazon.deequ.analyzers.CountDistinct;
import com.amazon.deequ.analyzers.Distinctness;
import com.amazon.deequ.analyzers.Entropy;
import com.amazon.deequ.analyzers.UniqueValueRatio;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.analyzers.FilterableAnalyzer;
import com.amazon.deequ.analyzers.Preconditions;
import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.ScanShareableFrequencyBasedAnalyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.when;

/**
 * Runs Deequ analyzers with fewer passes over the data than Deequ's AnalysisRunner. The runner
 * fuses the scan-shareable analyzers into one aggregation, but for every set of grouping columns it
 * then reads the data twice more: once to count the rows the grouping covers, once to group. Here
 * those counts are columns of the one fused aggregation, so a grouping costs a single pass (read,
 * group, aggregate the frequencies with Deequ's own aggregation functions). The analyzers, their
 * states' meaning, their preconditions and failure metrics are Deequ's; only the scheduling is
 * ours. Groupings are keyed by their columns and filter, so a where-clause is honoured. The
 * groupings on one column of integers, strings, booleans or dates share one more scan, of their
 * columns only and without a shuffle: their values are counted exactly ({@link FrequencySketch}),
 * and a grouping pass runs only when there are too many distinct values to count that way.
 * Analyzers that share neither way run through Deequ's own calculate.
 */
final class MetricRun {

    /** A set of grouping columns and the filter the rows must pass: one frequency computation. */
    record Grouping(List<String> columns, Optional<String> where) {
    }

    /**
     * Analyzers sorted by how they are computed: failed preconditions (their failure metrics),
     * scan-shareable aggregations, frequency groupings, and the others Deequ calculates alone.
     */
    record Plan(Map<Analyzer<?, Metric<?>>, Metric<?>> failed, List<ScanShareableAnalyzer<?, Metric<?>>> scanning,
                Map<Grouping, List<ScanShareableFrequencyBasedAnalyzer>> groupings,
                List<Analyzer<?, Metric<?>>> others) {
    }

    /**
     * The one aggregation of a plan's scan-shareable analyzers and then the rows each grouping
     * covers: its columns, where each analyzer's aggregations start, and where the counts start.
     */
    record Fused(List<Column> columns, List<Integer> offsets, int countsAt) {
        static Fused of(Plan plan) {
            List<Column> columns = new ArrayList<>();
            List<Integer> offsets = new ArrayList<>();
            for (ScanShareableAnalyzer<?, Metric<?>> analyzer : plan.scanning()) {
                offsets.add(columns.size());
                columns.addAll(JavaConverters.seqAsJavaList(analyzer.aggregationFunctions()));
            }
            int countsAt = columns.size();
            plan.groupings().keySet().forEach(g -> columns.add(coalesce(sum(when(covered(g), 1L)), lit(0L))));
            return new Fused(columns, offsets, countsAt);
        }
    }

    private MetricRun() {
    }

    static Plan plan(StructType schema, List<Analyzer<?, Metric<?>>> analyzers) {
        Map<Analyzer<?, Metric<?>>, Metric<?>> failed = new LinkedHashMap<>();
        List<ScanShareableAnalyzer<?, Metric<?>>> scanning = new ArrayList<>();
        Map<Grouping, List<ScanShareableFrequencyBasedAnalyzer>> groupings = new LinkedHashMap<>();
        List<Analyzer<?, Metric<?>>> others = new ArrayList<>();
        for (Analyzer<?, Metric<?>> analyzer : analyzers) {
            Object kind = analyzer; // Deequ's Scala generics do not meet Java's pattern matching
            Option<Exception> failing = Preconditions.findFirstFailing(schema, analyzer.preconditions());
            if (failing.isDefined()) {
                failed.put(analyzer, analyzer.toFailureMetric(failing.get()));
            } else if (kind instanceof ScanShareableAnalyzer<?, ?>) {
                scanning.add(cast(kind));
            } else if (kind instanceof ScanShareableFrequencyBasedAnalyzer frequencies) {
                List<String> columns = new ArrayList<>(JavaConverters.seqAsJavaList(frequencies.groupingColumns()));
                columns.sort(null);
                Optional<String> where = kind instanceof FilterableAnalyzer filterable
                        ? Optional.ofNullable(filterable.filterCondition().getOrElse(() -> null)) : Optional.empty();
                groupings.computeIfAbsent(new Grouping(columns, where), g -> new ArrayList<>()).add(frequencies);
            } else {
                others.add(analyzer);
            }
        }
        return new Plan(failed, scanning, groupings, others);
    }

    static AnalyzerContext run(Dataset<Row> data, List<Analyzer<?, Metric<?>>> analyzers) {
        Plan plan = plan(data.schema(), analyzers);
        Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = new LinkedHashMap<>(plan.failed());
        List<ScanShareableAnalyzer<?, Metric<?>>> scanning = plan.scanning();
        Map<Grouping, List<ScanShareableFrequencyBasedAnalyzer>> groupings = plan.groupings();
        List<Analyzer<?, Metric<?>>> others = plan.others();

        // One pass: every scan-shareable aggregation, then the rows each grouping covers.
        Fused layout = Fused.of(plan);
        List<Column> aggregations = layout.columns();
        List<Integer> offsets = layout.offsets();
        int countsAt = layout.countsAt();
        List<Grouping> keys = new ArrayList<>(groupings.keySet());
        // Groupings on one column whose values can be counted exactly without a grouping: one more
        // scan for all of them, of those columns only, and no shuffle. Not in the aggregation above:
        // an object aggregate there would turn all of it into Spark's interpreted ObjectHashAggregate.
        List<Column> sketches = new ArrayList<>();
        Map<Integer, Integer> sketchAt = new LinkedHashMap<>();
        for (int g = 0; g < keys.size(); g++) {
            Optional<Column> sketch = sketch(data.schema(), keys.get(g), groupings.get(keys.get(g)), false);
            if (sketch.isPresent()) {
                sketchAt.put(g, sketches.size());
                sketches.add(sketch.get());
            }
        }
        Row fused = null;
        Row sketched = null;
        Exception fusedFailure = null;
        if (!aggregations.isEmpty()) {
            try {
                fused = data.agg(aggregations.get(0), aggregations.subList(1, aggregations.size())
                        .toArray(Column[]::new)).first();
            } catch (Exception e) { // Spark's AnalysisException is checked; any failure fails these metrics only
                fusedFailure = e;
            }
        }
        if (fused != null && !sketches.isEmpty()) {
            try {
                sketched = data.agg(sketches.get(0), sketches.subList(1, sketches.size()).toArray(Column[]::new))
                        .first();
            } catch (Exception e) { // the sketches are a shortcut: without them each grouping takes its pass
                sketchAt.clear();
            }
        }
        for (int i = 0; i < scanning.size(); i++) {
            ScanShareableAnalyzer<?, Metric<?>> analyzer = scanning.get(i);
            metrics.put(analyzer, fused == null ? analyzer.toFailureMetric(fusedFailure)
                    : metricOf(analyzer, fused, offsets.get(i)));
        }

        // One pass per grouping: group the covered rows, then Deequ's aggregations of the frequencies.
        for (int g = 0; g < keys.size(); g++) {
            Grouping grouping = keys.get(g);
            List<ScanShareableFrequencyBasedAnalyzer> group = groupings.get(grouping);
            if (fused == null) {
                Exception failure = fusedFailure;
                group.forEach(a -> metrics.put(cast(a), a.toFailureMetric(failure)));
                continue;
            }
            long rows = fused.getLong(countsAt + g);
            try {
                FrequencySketch sketch = sketchAt.containsKey(g)
                        ? FrequencySketch.fromBytes((byte[]) sketched.get(sketchAt.get(g))) : null;
                if (sketch != null && !sketch.overflowed() && (sketch.counted()
                        || group.stream().allMatch(MetricRun::fromDistinctCounts))) {
                    group.forEach(a -> metrics.put(cast(a), fromSketch(a, sketch, rows)));
                    continue;
                }
                metrics.putAll(frequencyMetrics(frequencies(data, grouping), group, rows));
            } catch (Exception e) { // as above: this grouping's metrics fail, the others stand
                group.forEach(a -> metrics.put(cast(a), a.toFailureMetric(e)));
            }
        }
        others.forEach(analyzer -> metrics.put(analyzer, analyzer.calculate(data, Option.empty(), Option.empty(),
                Option.empty())));
        return new AnalyzerContext(JavaConverters.mapAsScalaMap(metrics).toMap(scala.Predef$.MODULE$.$conforms()));
    }

    /** Frequency metrics Deequ defines by counts of distinct values alone (no Entropy). */
    private static final Set<Class<?>> DISTINCT_COUNT_METRICS = Set.of(Uniqueness.class, Distinctness.class,
            UniqueValueRatio.class, CountDistinct.class);

    /**
     * The aggregate that counts the grouping's values in the sketch scan, when it can: one column,
     * of integers or of values whose text is their identity, and metrics of the five kinds whose
     * definitions are restated here ({@link #fromSketch}). Hashing: see {@link FrequencySketch}.
     */
    static Optional<Column> sketch(StructType schema, Grouping grouping,
                                   List<ScanShareableFrequencyBasedAnalyzer> analyzers, boolean hashing) {
        if (grouping.columns().size() != 1
                || !analyzers.stream().allMatch(a -> fromDistinctCounts(a) || a instanceof Entropy)) {
            return Optional.empty();
        }
        String name = grouping.columns().get(0);
        DataType type = Arrays.stream(schema.fields()).filter(f -> f.name().equals(name))
                .map(StructField::dataType).findFirst().orElse(null);
        Column value = when(covered(grouping), column(name));
        if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType) {
            return Optional.of(udaf(new FrequencySketch.Of<Long>(hashing), Encoders.LONG())
                    .apply(value.cast("bigint")));
        }
        if (type instanceof StringType || type instanceof BooleanType || type instanceof DateType) {
            return Optional.of(udaf(new FrequencySketch.Of<String>(hashing), Encoders.STRING())
                    .apply(value.cast("string")));
        }
        return Optional.empty();
    }

    static boolean fromDistinctCounts(ScanShareableFrequencyBasedAnalyzer analyzer) {
        return DISTINCT_COUNT_METRICS.contains(analyzer.getClass());
    }


    /**
     * Deequ's definitions of the five metrics (its aggregations over the frequencies), from the
     * sketch: the distinct values, those seen once, and (while counted) each value's count, of the
     * {@code rows} covered rows. With no covered row there is nothing to divide by: Deequ's
     * failure for an empty state (CountDistinct, a plain count, is 0).
     */
    static Metric<?> fromSketch(ScanShareableFrequencyBasedAnalyzer analyzer, FrequencySketch sketch,
                                        long rows) {
        if (rows == 0 && !(analyzer instanceof CountDistinct)) { // Deequ's count(*) of no frequencies is 0
            return analyzer.toFailureMetric(new com.amazon.deequ.analyzers.runners.EmptyStateException(
                    "Empty state for analyzer " + analyzer + ", all input values were NULL."));
        }
        double distinct = sketch.distinct();
        double once = sketch.once();
        double value = switch (analyzer.getClass().getSimpleName()) {
            case "Uniqueness" -> once / rows;
            case "Distinctness" -> distinct / rows;
            case "UniqueValueRatio" -> once / distinct;
            case "CountDistinct" -> distinct;
            default -> sketch.entropy(rows); // Entropy: sketch() lets no other kind through
        };
        return analyzer.toSuccessMetric(value, Option.empty());
    }

    /**
     * The covered rows' count per combination of the grouping's values, in Deequ's count column;
     * the value columns are named c0, c1... (any name a column has may not be valid in Parquet),
     * after any further grouping columns given.
     */
    static Dataset<Row> frequencies(Dataset<Row> data, Grouping grouping, Column... alsoBy) {
        List<String> columns = grouping.columns();
        List<Column> keys = new ArrayList<>(Arrays.asList(alsoBy));
        for (int i = 0; i < columns.size(); i++) {
            keys.add(column(columns.get(i)).as("c" + i));
        }
        return data.where(covered(grouping)).groupBy(keys.toArray(Column[]::new))
                .agg(count(lit(1)).as(Analyzers.COUNT_COL()));
    }

    /** Deequ's aggregations of a grouping's frequencies of {@code rows} covered rows: its analyzers' metrics. */
    static Map<Analyzer<?, Metric<?>>, Metric<?>> frequencyMetrics(Dataset<Row> frequencies,
                                                                  List<ScanShareableFrequencyBasedAnalyzer> group,
                                                                  long rows) {
        List<Column> functions = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (ScanShareableFrequencyBasedAnalyzer analyzer : group) {
            at.add(functions.size());
            functions.addAll(JavaConverters.seqAsJavaList(analyzer.aggregationFunctions(rows)));
        }
        Row result = frequencies.agg(functions.get(0), functions.subList(1, functions.size())
                .toArray(Column[]::new)).first();
        Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = new LinkedHashMap<>();
        for (int i = 0; i < group.size(); i++) {
            ScanShareableFrequencyBasedAnalyzer analyzer = group.get(i);
            metrics.put(cast(analyzer), frequencyMetric(analyzer, result, at.get(i)));
        }
        return metrics;
    }

    /** The rows a grouping counts, as Deequ's frequency computation selects them. */
    static Column covered(Grouping grouping) {
        Column anyValue = lit(false);
        for (String name : grouping.columns()) {
            anyValue = anyValue.or(column(name).isNotNull());
        }
        return grouping.where().isPresent() ? anyValue.and(expr(grouping.where().get())) : anyValue;
    }

    private static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    private static Metric<?> metricOf(ScanShareableAnalyzer<?, Metric<?>> analyzer, Row fused, int offset) {
        try {
            return analyzer.metricFromAggregationResult(fused, offset, Option.empty(), Option.empty());
        } catch (Exception e) { // a metric Deequ cannot make from the row is that analyzer's failure
            return analyzer.toFailureMetric(e);
        }
    }

    private static Metric<?> frequencyMetric(ScanShareableFrequencyBasedAnalyzer analyzer, Row result, int offset) {
        try {
            return analyzer.fromAggregationResult(result, offset, Option.empty());
        } catch (Exception e) {
            return analyzer.toFailureMetric(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object analyzer) {
        return (T) analyzer;
    }
}

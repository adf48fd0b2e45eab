package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Analyzers;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.Correlation;
import com.amazon.deequ.analyzers.MaxLength;
import com.amazon.deequ.analyzers.MaxState;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.MinLength;
import com.amazon.deequ.analyzers.MinState;
import com.amazon.deequ.analyzers.Minimum;
import com.amazon.deequ.analyzers.NumMatchesAndCount;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.StandardDeviation;
import com.amazon.deequ.analyzers.Sum;
import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.ScanShareableFrequencyBasedAnalyzer;
import com.amazon.deequ.analyzers.State;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Deequ's incremental metrics: every part of a dataset keeps the analyzers' states (Deequ's own
 * State objects, which merge by {@code sum}), so the metrics of the whole dataset come from
 * merging the stored states while only new or changed parts are read. A part's states are its
 * scan-shareable aggregations (one pass over the part) and, per frequency grouping, the table of
 * value counts (Parquet): merging those tables adds the counts per value, so Uniqueness,
 * Distinctness, UniqueValueRatio, CountDistinct and Entropy stay exact. Analyzers with no
 * mergeable state are computed over the whole dataset, and the evaluation says which.
 */
final class IncrementalRun {

    private static final String SCALARS = "states.bin";

    /** What one run did with the parts, besides the metrics. */
    record Outcome(AnalyzerContext context, List<String> scanned, List<String> reused, List<String> removed,
                   List<String> fullScan) {
    }

    private IncrementalRun() {
    }

    static Outcome run(Dataset<Row> whole, List<DataPart> parts, StateStore store, String dataset,
                       List<Analyzer<?, Metric<?>>> analyzers) {
        MetricRun.Plan plan = mergeable(MetricRun.plan(whole.schema(), analyzers));
        Map<String, String> bookmark = store.bookmark();
        List<String> scanned = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        List<Path> folders = new ArrayList<>();
        for (DataPart part : parts) {
            Path folder = store.part(part.id(), part.fingerprint());
            if (part.fingerprint().equals(bookmark.get(part.id())) && complete(folder, plan)) {
                reused.add(part.id());
            } else {
                store.write(part.id(), part.fingerprint(), target -> writeStates(part.rows().get(), plan, target));
                scanned.add(part.id());
            }
            current.put(part.id(), part.fingerprint());
            folders.add(folder);
        }
        List<String> removed = bookmark.keySet().stream().filter(id -> !current.containsKey(id)).toList();

        Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = new LinkedHashMap<>(plan.failed());
        metrics.putAll(merge(whole.sparkSession(), plan, folders));
        if (!plan.others().isEmpty()) {
            metrics.putAll(JavaConverters.mapAsJavaMap(MetricRun.run(whole, plan.others()).metricMap()));
        }
        store.commit(dataset, current);
        AnalyzerContext context = new AnalyzerContext(JavaConverters.mapAsScalaMap(metrics)
                .toMap(scala.Predef$.MODULE$.$conforms()));
        return new Outcome(context, scanned, reused, removed, plan.others().stream().map(Object::toString).toList());
    }

    /** Scan-shareable analyzers whose states are plain numbers (once their row-level columns are dropped). */
    private static final Set<Class<?>> MERGEABLE = Set.of(Size.class, Completeness.class, Compliance.class,
            Sum.class, Mean.class, Minimum.class, Maximum.class, MinLength.class, MaxLength.class,
            StandardDeviation.class, Correlation.class);

    /** The plan with every scan-shareable analyzer this class cannot keep a state of moved to the others. */
    private static MetricRun.Plan mergeable(MetricRun.Plan plan) {
        List<ScanShareableAnalyzer<?, Metric<?>>> scanning = new ArrayList<>();
        List<Analyzer<?, Metric<?>>> others = new ArrayList<>(plan.others());
        for (ScanShareableAnalyzer<?, Metric<?>> analyzer : plan.scanning()) {
            if (MERGEABLE.contains(analyzer.getClass())) {
                scanning.add(analyzer);
            } else {
                others.add(analyzer);
            }
        }
        return new MetricRun.Plan(plan.failed(), scanning, plan.groupings(), others);
    }

    /**
     * A state as stored: Deequ keeps a Spark column for row-level results in some states, which
     * is neither serializable nor needed once the aggregation has run.
     */
    private static Serializable storable(Object state) {
        if (state instanceof NumMatchesAndCount matches) {
            return new NumMatchesAndCount(matches.numMatches(), matches.count(), Option.empty());
        }
        if (state instanceof MinState min) {
            return new MinState(min.minValue(), Option.empty());
        }
        if (state instanceof MaxState max) {
            return new MaxState(max.maxValue(), Option.empty());
        }
        return (Serializable) state;
    }

    /**
     * One pass over the part for every scan-shareable state and the rows each grouping covers,
     * then one per grouping writing its value counts.
     */
    private static void writeStates(Dataset<Row> rows, MetricRun.Plan plan, Path folder) throws IOException {
        List<Column> aggregations = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        for (ScanShareableAnalyzer<?, Metric<?>> analyzer : plan.scanning()) {
            offsets.add(aggregations.size());
            aggregations.addAll(JavaConverters.seqAsJavaList(analyzer.aggregationFunctions()));
        }
        List<MetricRun.Grouping> groupings = new ArrayList<>(plan.groupings().keySet());
        int countsAt = aggregations.size();
        groupings.forEach(g -> aggregations.add(coalesce(sum(when(MetricRun.covered(g), 1L)), lit(0L))));
        HashMap<String, Serializable> states = new HashMap<>();
        if (!aggregations.isEmpty()) {
            Row fused = rows.agg(aggregations.get(0), aggregations.subList(1, aggregations.size())
                    .toArray(Column[]::new)).first();
            for (int i = 0; i < plan.scanning().size(); i++) {
                ScanShareableAnalyzer<?, Metric<?>> analyzer = plan.scanning().get(i);
                Option<?> state = analyzer.fromAggregationResult(fused, offsets.get(i));
                states.put(analyzer.toString(), state.isDefined() ? storable(state.get()) : null);
            }
            for (int g = 0; g < groupings.size(); g++) {
                states.put(rowsKey(groupings.get(g)), fused.getLong(countsAt + g));
                MetricRun.frequencies(rows, groupings.get(g)).write()
                        .parquet(folder.resolve(frequenciesName(groupings.get(g))).toString());
            }
        }
        try (OutputStream file = Files.newOutputStream(folder.resolve(SCALARS));
             ObjectOutputStream out = new ObjectOutputStream(file)) {
            out.writeObject(states);
        }
    }

    /** The metrics of the whole dataset from the parts' states. */
    private static Map<Analyzer<?, Metric<?>>, Metric<?>> merge(SparkSession spark, MetricRun.Plan plan,
                                                               List<Path> folders) {
        List<Map<String, Serializable>> states = folders.stream().map(IncrementalRun::readStates).toList();
        Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = new LinkedHashMap<>();
        for (ScanShareableAnalyzer<?, Metric<?>> analyzer : plan.scanning()) {
            State<?> merged = null;
            for (Map<String, Serializable> part : states) {
                State<?> state = (State<?>) part.get(analyzer.toString());
                merged = merged == null ? state : state == null ? merged : plus(merged, state);
            }
            metrics.put(analyzer, metricFrom(analyzer, merged));
        }
        for (Map.Entry<MetricRun.Grouping, List<ScanShareableFrequencyBasedAnalyzer>> entry
                : plan.groupings().entrySet()) {
            MetricRun.Grouping grouping = entry.getKey();
            long rows = states.stream().mapToLong(s -> (Long) s.get(rowsKey(grouping))).sum();
            String[] paths = folders.stream().map(f -> f.resolve(frequenciesName(grouping)).toString())
                    .toArray(String[]::new);
            try {
                Dataset<Row> counts = spark.read().parquet(paths);
                Column[] keys = java.util.Arrays.stream(counts.columns())
                        .filter(c -> !c.equals(Analyzers.COUNT_COL())).map(c -> col(c)).toArray(Column[]::new);
                Dataset<Row> merged = counts.groupBy(keys).agg(sum(Analyzers.COUNT_COL()).cast("long")
                        .as(Analyzers.COUNT_COL()));
                metrics.putAll(MetricRun.frequencyMetrics(merged, entry.getValue(), rows));
            } catch (Exception e) { // Spark's AnalysisException is checked; this grouping's metrics fail alone
                entry.getValue().forEach(a -> metrics.put(MetricRun.cast(a), a.toFailureMetric(e)));
            }
        }
        return metrics;
    }

    /**
     * Whether a part's folder holds every state the plan needs. A schema change can make an
     * analyzer computable that was not before, and states written by another version of Deequ
     * may not read: such a part is read again rather than merged without its share.
     */
    private static boolean complete(Path folder, MetricRun.Plan plan) {
        if (!Files.isRegularFile(folder.resolve(SCALARS))) {
            return false;
        }
        Map<String, Serializable> states;
        try {
            states = readStates(folder);
        } catch (RuntimeException e) {
            return false;
        }
        return plan.scanning().stream().allMatch(a -> states.containsKey(a.toString()))
                && plan.groupings().keySet().stream().allMatch(g -> states.containsKey(rowsKey(g))
                && Files.isDirectory(folder.resolve(frequenciesName(g))));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static State<?> plus(State<?> left, State<?> right) {
        return (State<?>) ((State) left).sum(right);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Metric<?> metricFrom(ScanShareableAnalyzer<?, Metric<?>> analyzer, State<?> merged) {
        try {
            return ((Analyzer) analyzer).computeMetricFrom(Option.apply(merged));
        } catch (Exception e) { // as Deequ does: a metric that cannot be made is the analyzer's failure
            return analyzer.toFailureMetric(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Serializable> readStates(Path folder) {
        try (InputStream file = Files.newInputStream(folder.resolve(SCALARS));
             ObjectInputStream in = new ObjectInputStream(file)) {
            return (Map<String, Serializable>) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metric states in " + folder, e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("metric states in " + folder + " were written by another version", e);
        }
    }

    private static String rowsKey(MetricRun.Grouping grouping) {
        return "rows covered by " + grouping;
    }

    private static String frequenciesName(MetricRun.Grouping grouping) {
        return "frequencies-" + StateStore.hash(grouping.toString(), 6) + ".parquet";
    }
}

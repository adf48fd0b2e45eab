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
import org.apache.spark.sql.types.StructType;
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

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * Deequ's incremental metrics: every part of a dataset keeps the analyzers' states (Deequ's own
 * State objects, which merge by {@code sum}), so the metrics of the whole dataset come from
 * merging the stored states while only new or changed parts are read (all of them in one pass,
 * by batches). A part's states are its scan-shareable aggregations and, per frequency grouping,
 * either a {@link FrequencySketch} (one column, distinct-count metrics: exact, or for text past the
 * sketch's limit hashed, and said to be approximate) or the table of value counts (Parquet; Entropy,
 * several columns): merging those adds the counts per value, exactly. Analyzers with no mergeable
 * state are computed over the whole dataset, and the evaluation says which.
 */
final class IncrementalRun {

    private static final String SCALARS = "states.bin";
    /** The column that tags rows with their part while a batch of parts is read. */
    private static final String PART = "__steward_part";
    /**
     * Parts read in one scan: stays below the 128 groups (parts) per task past which Spark's object
     * hash aggregation (the sketches) falls back to sorting.
     */
    private static final int BATCH = 100;
    private static final String SCHEME = "^[A-Za-z][A-Za-z0-9+.-]*:/+";

    /** What one run did with the parts, besides the metrics. */
    record Outcome(AnalyzerContext context, List<String> scanned, List<String> reused, List<String> removed,
                   List<String> fullScan, List<String> approximate) {
    }

    private IncrementalRun() {
    }

    /** @param timed analyzers (by name) whose definition moves with the clock: computed over the whole dataset */
    static Outcome run(Dataset<Row> whole, List<DataPart> parts, DataPart.Reader reader, StateStore store,
                       String dataset, List<Analyzer<?, Metric<?>>> analyzers, Set<String> timed) {
        try (StateStore.Lock lock = store.lock()) {
            return locked(whole, parts, reader, store, dataset, analyzers, timed);
        }
    }

    private static Outcome locked(Dataset<Row> whole, List<DataPart> parts, DataPart.Reader reader, StateStore store,
                                  String dataset, List<Analyzer<?, Metric<?>>> analyzers, Set<String> timed) {
        MetricRun.Plan plan = mergeable(MetricRun.plan(whole.schema(), analyzers), timed);
        Map<MetricRun.Grouping, Column> sketches = sketches(whole.schema(), plan);
        Map<String, String> bookmark = store.bookmark();
        List<String> reused = new ArrayList<>();
        List<DataPart> unread = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        List<Path> folders = new ArrayList<>();
        Map<Path, Map<String, Serializable>> loaded = new HashMap<>(); // states read once, for the check and the merge
        for (DataPart part : parts) {
            Path folder = store.part(part.id(), part.fingerprint());
            if (part.fingerprint().equals(bookmark.get(part.id())) && complete(folder, plan, sketches, loaded)) {
                reused.add(part.id());
            } else {
                unread.add(part);
            }
            current.put(part.id(), part.fingerprint());
            folders.add(folder);
        }
        for (int from = 0; from < unread.size(); from += BATCH) {
            writeStates(unread.subList(from, Math.min(unread.size(), from + BATCH)), reader, plan, sketches, store);
        }
        List<String> removed = bookmark.keySet().stream().filter(id -> !current.containsKey(id)).toList();

        Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = new LinkedHashMap<>(plan.failed());
        List<String> approximate = new ArrayList<>();
        metrics.putAll(merge(whole, plan, sketches, folders.stream()
                .map(f -> Map.entry(f, loaded.computeIfAbsent(f, IncrementalRun::readStates))).toList(), approximate));
        if (!plan.others().isEmpty()) {
            metrics.putAll(JavaConverters.mapAsJavaMap(MetricRun.run(whole, plan.others()).metricMap()));
        }
        store.commit(dataset, current);
        AnalyzerContext context = new AnalyzerContext(JavaConverters.mapAsScalaMap(metrics)
                .toMap(scala.Predef$.MODULE$.$conforms()));
        return new Outcome(context, unread.stream().map(DataPart::id).toList(), reused, removed,
                plan.others().stream().map(Object::toString).toList(), approximate);
    }

    /** Scan-shareable analyzers whose states are plain numbers (once their row-level columns are dropped). */
    private static final Set<Class<?>> MERGEABLE = Set.of(Size.class, Completeness.class, Compliance.class,
            Sum.class, Mean.class, Minimum.class, Maximum.class, MinLength.class, MaxLength.class,
            StandardDeviation.class, Correlation.class);

    /**
     * The plan with every analyzer this class cannot keep a state of moved to the others: kinds
     * without a plain state, and those whose definition moves with the clock (a part fresh
     * yesterday may be stale today), groupings included.
     */
    private static MetricRun.Plan mergeable(MetricRun.Plan plan, Set<String> timed) {
        List<ScanShareableAnalyzer<?, Metric<?>>> scanning = new ArrayList<>();
        List<Analyzer<?, Metric<?>>> others = new ArrayList<>(plan.others());
        for (ScanShareableAnalyzer<?, Metric<?>> analyzer : plan.scanning()) {
            if (MERGEABLE.contains(analyzer.getClass()) && !timed.contains(analyzer.toString())) {
                scanning.add(analyzer);
            } else {
                others.add(analyzer);
            }
        }
        Map<MetricRun.Grouping, List<ScanShareableFrequencyBasedAnalyzer>> groupings = new LinkedHashMap<>();
        plan.groupings().forEach((grouping, group) -> {
            if (group.stream().anyMatch(a -> timed.contains(a.toString()))) {
                group.forEach(a -> others.add(MetricRun.cast(a)));
            } else {
                groupings.put(grouping, group);
            }
        });
        return new MetricRun.Plan(plan.failed(), scanning, groupings, others);
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
     * The states of a batch of parts in one pass over them all: the parts' files are read in one
     * scan, each row tagged with its part; the scan-shareable aggregations, covered-row counts and
     * sketches are grouped by part, and the other groupings' value counts are written partitioned
     * by part. Then each part's folder is filled with its share. (A pass per part would cost a
     * Spark job or three per part: minutes for a year of daily partitions.)
     */
    private static void writeStates(List<DataPart> batch, DataPart.Reader reader, MetricRun.Plan plan,
                                    Map<MetricRun.Grouping, Column> sketches, StateStore store) {
        Dataset<Row> tagged = tagged(reader.read(batch), batch);
        MetricRun.Fused fused = MetricRun.Fused.of(plan);
        List<Column> aggregations = new ArrayList<>(fused.columns());
        List<Integer> offsets = fused.offsets();
        int countsAt = fused.countsAt();
        List<MetricRun.Grouping> groupings = new ArrayList<>(plan.groupings().keySet());
        // Groupings a sketch answers keep it as their state (in this same pass); the others keep value counts.
        Map<MetricRun.Grouping, Integer> sketchAt = new LinkedHashMap<>();
        sketches.forEach((grouping, column) -> {
            sketchAt.put(grouping, aggregations.size());
            aggregations.add(column);
        });
        Map<Integer, Row> byPart = new HashMap<>();
        if (!aggregations.isEmpty()) {
            for (Row row : tagged.groupBy(col(PART)).agg(aggregations.get(0), aggregations.subList(1,
                    aggregations.size()).toArray(Column[]::new)).collectAsList()) {
                if (row.isNullAt(0)) { // a row whose file matched no part: never merge it into a wrong one
                    throw new IllegalStateException("rows of an unknown file in a batch of parts");
                }
                byPart.put(row.getInt(0), row);
            }
        }
        // A part with no rows has no group: its states are those of an aggregation over nothing.
        Row empty = byPart.size() == batch.size() || aggregations.isEmpty() ? null : emptyRow(tagged, aggregations);
        Path scratch = store.scratch();
        try {
            for (MetricRun.Grouping grouping : groupings) {
                if (!sketchAt.containsKey(grouping)) {
                    MetricRun.frequencies(tagged, grouping, col(PART)).write().partitionBy(PART)
                            .parquet(scratch.resolve(frequenciesName(grouping)).toString());
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                DataPart part = batch.get(i);
                Row row = byPart.get(i);
                int shift = row == null ? 0 : 1; // the grouped row starts with the part's number
                Row values = row == null ? empty : row;
                int index = i;
                store.write(part.id(), part.fingerprint(), folder -> {
                    HashMap<String, Serializable> states = new HashMap<>();
                    for (int a = 0; a < plan.scanning().size(); a++) {
                        ScanShareableAnalyzer<?, Metric<?>> analyzer = plan.scanning().get(a);
                        Option<?> state = analyzer.fromAggregationResult(values, offsets.get(a) + shift);
                        states.put(analyzer.toString(), state.isDefined() ? storable(state.get()) : null);
                    }
                    for (int g = 0; g < groupings.size(); g++) {
                        MetricRun.Grouping grouping = groupings.get(g);
                        long covered = values.getLong(countsAt + g + shift);
                        states.put(rowsKey(grouping), covered);
                        if (sketchAt.containsKey(grouping)) {
                            // Of no rows the sketch is null: an empty one merges the same.
                            states.put(sketchKey(grouping), (byte[]) values.get(sketchAt.get(grouping) + shift));
                        } else if (covered > 0) {
                            Path counts = scratch.resolve(frequenciesName(grouping)).resolve(PART + "=" + index);
                            Files.move(counts, folder.resolve(frequenciesName(grouping)));
                        }
                    }
                    try (OutputStream file = Files.newOutputStream(folder.resolve(SCALARS));
                         ObjectOutputStream out = new ObjectOutputStream(file)) {
                        out.writeObject(states);
                    }
                });
            }
        } finally {
            store.discard(scratch);
        }
    }

    /**
     * The batch's rows, each tagged with its part's number in the batch by the file it came from:
     * Spark's _metadata.file_path, matched against the parts' files as Spark lists them, both
     * without their scheme ("file:/x" and "file:///x" name one file).
     */
    private static Dataset<Row> tagged(Dataset<Row> rows, List<DataPart> batch) {
        Map<Path, Integer> partOf = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            for (Path file : batch.get(i).files()) {
                partOf.put(file.toAbsolutePath().normalize(), i);
            }
        }
        List<Column> entries = new ArrayList<>();
        for (String file : rows.inputFiles()) {
            Integer part = partOf.get(Path.of(java.net.URI.create(file)).toAbsolutePath().normalize());
            if (part == null) {
                throw new IllegalStateException("Spark reads " + file + ", which no part of the batch holds");
            }
            entries.add(lit(file.replaceFirst(SCHEME, "/")));
            entries.add(lit(part));
        }
        Column byFile = org.apache.spark.sql.functions.map(entries.toArray(Column[]::new));
        return rows.withColumn(PART, org.apache.spark.sql.functions.element_at(byFile,
                org.apache.spark.sql.functions.regexp_replace(col("_metadata.file_path"), SCHEME, "/")));
    }

    /** The aggregations over no rows (what Deequ's states are for an empty dataset). */
    private static Row emptyRow(Dataset<Row> tagged, List<Column> aggregations) {
        return tagged.where(lit(false)).agg(aggregations.get(0), aggregations.subList(1, aggregations.size())
                .toArray(Column[]::new)).first();
    }

    /** The metrics of the whole dataset from the parts' states. */
    private static Map<Analyzer<?, Metric<?>>, Metric<?>> merge(Dataset<Row> whole, MetricRun.Plan plan,
                                                               Map<MetricRun.Grouping, Column> sketches,
                                                               List<Map.Entry<Path, Map<String, Serializable>>> parts,
                                                               List<String> approximate) {
        List<Path> folders = parts.stream().map(Map.Entry::getKey).toList();
        List<Map<String, Serializable>> states = parts.stream().map(Map.Entry::getValue).toList();
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
            if (sketches.containsKey(grouping)) {
                FrequencySketch merged = new FrequencySketch.Of<Long>(true).zero();
                for (Map<String, Serializable> part : states) {
                    byte[] bytes = (byte[]) part.get(sketchKey(grouping));
                    if (bytes != null) {
                        merged = merged.merge(FrequencySketch.fromBytes(bytes));
                    }
                }
                FrequencySketch all = merged;
                entry.getValue().forEach(a -> metrics.put(MetricRun.cast(a), MetricRun.fromSketch(a, all, rows)));
                if (all.hashed()) {
                    entry.getValue().forEach(a -> approximate.add(a.toString()));
                }
                continue;
            }
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < folders.size(); i++) {
                if ((Long) states.get(i).get(rowsKey(grouping)) > 0) {
                    paths.add(folders.get(i).resolve(frequenciesName(grouping)).toString());
                }
            }
            try {
                // No covered row anywhere: Deequ's aggregations of no frequencies, as a full run has them.
                Dataset<Row> counts = paths.isEmpty() ? MetricRun.frequencies(whole.limit(0), grouping)
                        : whole.sparkSession().read().parquet(paths.toArray(String[]::new));
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
    private static boolean complete(Path folder, MetricRun.Plan plan, Map<MetricRun.Grouping, Column> sketches,
                                    Map<Path, Map<String, Serializable>> loaded) {
        if (!Files.isRegularFile(folder.resolve(SCALARS))) {
            return false;
        }
        Map<String, Serializable> states;
        try {
            states = readStates(folder);
        } catch (RuntimeException e) {
            return false;
        }
        boolean complete = plan.scanning().stream().allMatch(a -> states.containsKey(a.toString()))
                && plan.groupings().keySet().stream().allMatch(g -> states.get(rowsKey(g)) instanceof Long covered
                && (sketches.containsKey(g) ? states.containsKey(sketchKey(g))
                : covered == 0 || Files.isDirectory(folder.resolve(frequenciesName(g)))));
        if (complete) { // an incomplete part is written again: its states are read after that
            loaded.put(folder, states);
        }
        return complete;
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

    /**
     * The groupings that keep a sketch as their state, with the aggregate that makes it: one column
     * of a type the sketch takes, read by Deequ's distinct-count metrics only (Entropy needs every
     * count: its groupings keep value counts). Values that are not integers are hashed past the
     * sketch's limit: their metrics are then approximate, and said to be.
     */
    private static Map<MetricRun.Grouping, Column> sketches(StructType schema, MetricRun.Plan plan) {
        Map<MetricRun.Grouping, Column> sketches = new LinkedHashMap<>();
        plan.groupings().forEach((grouping, group) -> {
            if (group.stream().allMatch(MetricRun::fromDistinctCounts)) {
                MetricRun.sketch(schema, grouping, group, true).ifPresent(c -> sketches.put(grouping, c));
            }
        });
        return sketches;
    }

    private static String sketchKey(MetricRun.Grouping grouping) {
        return "sketch of " + grouping;
    }

    private static String rowsKey(MetricRun.Grouping grouping) {
        return "rows covered by " + grouping;
    }

    private static String frequenciesName(MetricRun.Grouping grouping) {
        return "frequencies-" + StateStore.hash(grouping.toString(), 6) + ".parquet";
    }
}

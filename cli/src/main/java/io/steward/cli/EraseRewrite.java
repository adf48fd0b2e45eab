package io.steward.cli;

import io.steward.masking.MaskingKey;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Rewrites one dataset without a data subject: the rows that hold the subject are deleted, or,
 * where the dataset's policy says rows must stay, the planned columns of those rows are emptied
 * (null). Every other row is written back as it was read (CSV as text, so nothing is reformatted).
 * The rewrite replaces the data through {@link EraseSwap}, and the data is read again afterwards:
 * the subject must be found nowhere. A column the plan names but that cannot be compared (a mask
 * without its key) stops the rewrite: half an erase reported as done would be worse than none.
 * Public for benchmarks/ (EraseBenchmark), which times it against a plain rewrite.
 */
public record EraseRewrite(SparkSession spark, Optional<MaskingKey> key) {

    /** A subject to erase (one erase request): the columns its plan names in this dataset, its identifier values. */
    public record Subject(String key, List<ErasePredicate.Target> targets, Map<String, List<String>> identifiers) {
    }

    /**
     * One dataset's erase: rows before and after, rows that held any of the subjects, what was
     * done, and for each subject the rows that held it (a row may hold two subjects).
     */
    public record Erased(String dataset, long before, long after, long erased, String action, Map<String, Long> bySubject) {
    }

    /** Erases one subject: {@link #erase(String, String, DataFiles.Format, String, List)} with one. */
    Erased erase(String dataset, String location, DataFiles.Format format, String action,
                 List<ErasePredicate.Target> targets, Map<String, List<String>> identifiers, String subject) {
        return erase(dataset, location, format, action, List.of(new Subject(subject, targets, identifiers)));
    }

    /**
     * Erases a batch of subjects from one dataset in one rewrite: one pass counts the rows and
     * gathers the planned values of the rows that hold any subject (few), from which each
     * subject's share is worked out here; one pass writes the rewrite; one reads it again.
     */
    public Erased erase(String dataset, String location, DataFiles.Format format, String action, List<Subject> subjects) {
        Path path = DataFiles.localPath(location).orElseThrow(() -> new InputException(dataset + ": erasing at "
                + location + " is not supported yet: only local files and folders, where a rename is atomic"));
        EraseSwap swap = new EraseSwap(path);
        swap.recover();
        List<ErasePredicate.Target> targets = subjects.stream().flatMap(x -> x.targets().stream()).distinct().toList();
        Map<String, List<String>> identifiers = new java.util.LinkedHashMap<>();
        subjects.forEach(x -> x.identifiers().forEach((kind, values) -> identifiers
                .computeIfAbsent(kind, k -> new java.util.ArrayList<>()).addAll(values)));
        Dataset<Row> data = DataFiles.readVerbatim(spark, path.toString(), format);
        ErasePredicate.Match match = ErasePredicate.of(data, targets, identifiers, key);
        if (!match.notes().isEmpty()) {
            throw new InputException(dataset + ": cannot find every row of the subject, so nothing was erased: "
                    + String.join("; ", match.notes()));
        }
        Column[] planned = targets.stream().map(t -> column(t.column()).cast("string")).toArray(Column[]::new);
        Row counts = data.agg(count(lit(1)), sum(when(match.condition(), 1).otherwise(0)),
                collect_list(when(match.condition(), array(planned)))).first();
        long before = counts.getLong(0);
        long matched = counts.isNullAt(1) ? 0 : counts.getLong(1);
        Map<String, Long> bySubject = bySubject(subjects, targets, counts.getList(2));
        if (matched == 0) { // erased before (a rerun), or never there
            return new Erased(dataset, before, before, 0, action, bySubject);
        }
        Dataset<Row> rewritten = "redact".equals(action) ? redact(data, targets, match.condition())
                : data.filter(not(match.condition()));
        swap.replaceWith(rewritten, format);
        Dataset<Row> after = DataFiles.readVerbatim(spark, path.toString(), format);
        Row check = after.agg(count(lit(1)), sum(when(ErasePredicate.of(after, targets, identifiers, key).condition(), 1)
                .otherwise(0))).first();
        long left = check.isNullAt(1) ? 0 : check.getLong(1);
        if (left != 0) {
            throw new IllegalStateException(dataset + ": " + left + " rows of the subject remain after the rewrite");
        }
        return new Erased(dataset, before, check.getLong(0), matched, action, bySubject);
    }

    private Map<String, Long> bySubject(List<Subject> subjects, List<ErasePredicate.Target> targets,
                                        List<scala.collection.Seq<String>> rows) {
        return bySubject(subjects, targets, rows.stream().map(row -> {
            List<String> values = new java.util.ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                values.add(row.apply(i));
            }
            return values;
        }).toList(), key);
    }

    /**
     * How many of the rows that hold any subject (their planned values, in the order of targets)
     * hold each subject, compared as the predicates compare. One lookup per value, whatever the
     * batch's size: each target's forms point to the subjects they belong to.
     */
    static Map<String, Long> bySubject(List<Subject> subjects, List<ErasePredicate.Target> targets,
                                       List<List<String>> rows, Optional<MaskingKey> key) {
        List<Map<String, List<String>>> owners = new java.util.ArrayList<>();
        for (ErasePredicate.Target target : targets) {
            Map<String, List<String>> owner = new java.util.HashMap<>();
            for (Subject subject : subjects) {
                if (subject.targets().contains(target)) {
                    ErasePredicate.forms(target, subject.identifiers().getOrDefault(target.identifier(), List.of()), key)
                            .forEach(form -> owner.computeIfAbsent(form, f -> new java.util.ArrayList<>()).add(subject.key()));
                }
            }
            owners.add(owner);
        }
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        subjects.forEach(subject -> counts.put(subject.key(), 0L));
        Set<String> held = new java.util.HashSet<>();
        for (List<String> row : rows) {
            held.clear();
            for (int i = 0; i < targets.size(); i++) {
                String value = ErasePredicate.comparable(targets.get(i), row.get(i));
                if (value != null) {
                    held.addAll(owners.get(i).getOrDefault(value, List.of()));
                }
            }
            held.forEach(subject -> counts.merge(subject, 1L, Long::sum));
        }
        return counts;
    }

    private static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /** The subject's rows with the planned columns emptied; every other value as it was. */
    private static Dataset<Row> redact(Dataset<Row> data, List<ErasePredicate.Target> targets, Column subject) {
        Set<String> planned = targets.stream().map(t -> t.column().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Column[] columns = new Column[data.schema().fields().length];
        int i = 0;
        for (StructField field : data.schema().fields()) {
            Column column = col("`" + field.name().replace("`", "``") + "`");
            columns[i++] = planned.contains(field.name().toLowerCase(Locale.ROOT))
                    ? when(subject, lit(null).cast(field.dataType())).otherwise(column).as(field.name()) : column;
        }
        return data.select(columns);
    }
}

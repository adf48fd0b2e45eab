package io.steward.rules;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that compare the primary dataset with additional sources (--source NAME=PATH):
 * RowCountMatch, SchemaMatch, ReferentialIntegrity, DatasetMatch and AggregateMatch. Each is its
 * own Spark job (a join or a second dataset), so none of them share the fused scan.
 */
final class DatasetComparisons {

    /** "customers.{id}" or "ref.{a,b}": a source alias and its columns. */
    private static final Pattern REFERENCE_COLUMNS = Pattern.compile("^([^.{}]+)\\.\\{([^{}]+)}$");

    private final Dataset<Row> primary;
    private final Map<String, Dataset<Row>> sources;
    private final CustomSqlRunner sql;

    DatasetComparisons(Dataset<Row> primary, Map<String, Dataset<Row>> sources, CustomSqlRunner sql) {
        this.primary = primary;
        this.sources = sources;
        this.sql = sql;
    }

    /** Primary rows divided by the reference's rows. */
    double rowCountRatio(String source) {
        long reference = source(source).count();
        if (reference == 0) {
            throw new Conditions.Undecidable("source " + source + " has no rows: the ratio is undefined");
        }
        return (double) primary.count() / reference;
    }

    /** Columns with the same name and type in both, as a share of the columns in either. */
    double schemaMatch(String source) {
        Map<String, String> ours = types(primary);
        Map<String, String> theirs = types(source(source));
        Set<String> all = new LinkedHashSet<>(ours.keySet());
        all.addAll(theirs.keySet());
        long same = ours.entrySet().stream().filter(e -> e.getValue().equals(theirs.get(e.getKey()))).count();
        return all.isEmpty() ? 1.0 : (double) same / all.size();
    }

    /** The share of primary rows whose key columns are found in the reference's columns. */
    double referentialIntegrity(String primaryColumns, String referenceColumns) {
        List<String> keys = split(primaryColumns);
        Matcher matcher = REFERENCE_COLUMNS.matcher(referenceColumns.strip());
        if (!matcher.matches()) {
            throw new Conditions.Undecidable("the reference columns are written source.{column,...}, e.g. "
                    + "customers.{id}; found " + referenceColumns);
        }
        Dataset<Row> reference = source(matcher.group(1));
        List<String> referenceKeys = split(matcher.group(2));
        if (keys.size() != referenceKeys.size()) {
            throw new Conditions.Undecidable(keys.size() + " primary columns cannot match " + referenceKeys.size()
                    + " reference columns");
        }
        requireColumns(primary, keys, "the primary dataset");
        requireColumns(reference, referenceKeys, "source " + matcher.group(1));
        long total = primary.count();
        if (total == 0) {
            return 1.0;
        }
        Column on = null;
        for (int i = 0; i < keys.size(); i++) {
            Column equal = primary.col(keys.get(i)).equalTo(reference.col(referenceKeys.get(i)));
            on = on == null ? equal : on.and(equal);
        }
        // A NULL key matches nothing, so such rows count as missing from the reference.
        long found = primary.join(reference.select(referenceKeys.stream().map(reference::col).toArray(Column[]::new))
                .distinct(), on, "left_semi").count();
        return (double) found / total;
    }

    /**
     * The share of primary rows that have a reference row with the same keys and the same
     * values: keyMappings "id" or "id->ref_id,b->ref_b"; matchMappings likewise, or by default
     * every other column the two share by name. Values compare NULL-safely.
     */
    double datasetMatch(String source, String keyMappings, String matchMappings) {
        Dataset<Row> reference = source(source);
        Map<String, String> keys = mappings(keyMappings);
        Map<String, String> matches = matchMappings == null ? sharedColumns(reference, keys) : mappings(matchMappings);
        requireColumns(primary, new ArrayList<>(keys.keySet()), "the primary dataset");
        requireColumns(primary, new ArrayList<>(matches.keySet()), "the primary dataset");
        requireColumns(reference, new ArrayList<>(keys.values()), "source " + source);
        requireColumns(reference, new ArrayList<>(matches.values()), "source " + source);
        long total = primary.count();
        if (total == 0) {
            return 1.0;
        }
        Dataset<Row> left = primary.alias("p");
        Dataset<Row> right = reference.alias("r");
        Column on = null;
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Column equal = column("p", key.getKey()).equalTo(column("r", key.getValue()));
            on = on == null ? equal : on.and(equal);
        }
        Column same = functions.lit(true);
        for (Map.Entry<String, String> match : matches.entrySet()) {
            same = same.and(column("p", match.getKey()).eqNullSafe(column("r", match.getValue())));
        }
        long matching = left.join(right, on, "inner").filter(same).count();
        return (double) matching / total;
    }

    /** The first aggregate divided by the second; an expression prefixed by a source alias runs on it. */
    double aggregateRatio(String first, String second) {
        double numerator = aggregate(first);
        double denominator = aggregate(second);
        if (denominator == 0) {
            throw new Conditions.Undecidable(second + " is 0: the ratio is undefined");
        }
        return numerator / denominator;
    }

    private double aggregate(String expression) {
        String table = CustomSqlRunner.PRIMARY;
        for (String name : sources.keySet()) {
            if (Pattern.compile("\\b" + Pattern.quote(name) + "\\.").matcher(expression).find()) {
                table = name;
            }
        }
        List<Row> rows = sql.query("SELECT " + expression + " FROM " + SqlText.identifier(table)).collectAsList();
        if (rows.size() != 1 || !(rows.get(0).get(0) instanceof Number n)) {
            throw new Conditions.Undecidable(expression + " is not an aggregate that returns one number");
        }
        return n.doubleValue();
    }

    private Dataset<Row> source(String name) {
        Dataset<Row> source = sources.get(name);
        if (source == null) {
            throw new Conditions.Undecidable("data source " + name + " was not given; pass --source " + name
                    + "=PATH" + (sources.isEmpty() ? "" : " (given: " + String.join(", ", sources.keySet()) + ")"));
        }
        return source;
    }

    private static Column column(String alias, String name) {
        return functions.col(alias + "." + SqlText.identifier(name));
    }

    private static Map<String, String> types(Dataset<Row> data) {
        Map<String, String> types = new HashMap<>();
        for (StructField field : data.schema().fields()) {
            types.put(field.name(), field.dataType().catalogString()); // simpleString cuts long structs short
        }
        return types;
    }

    private Map<String, String> sharedColumns(Dataset<Row> reference, Map<String, String> keys) {
        Set<String> theirs = new LinkedHashSet<>(Arrays.asList(reference.columns()));
        Map<String, String> shared = new LinkedHashMap<>();
        for (String column : primary.columns()) {
            if (!keys.containsKey(column) && theirs.contains(column)) {
                shared.put(column, column);
            }
        }
        return shared;
    }

    private static Map<String, String> mappings(String text) {
        Map<String, String> mappings = new LinkedHashMap<>();
        for (String pair : split(text)) {
            String[] sides = pair.split("->", -1);
            if (sides.length > 2 || sides[0].isBlank() || (sides.length == 2 && sides[1].isBlank())) {
                throw new Conditions.Undecidable("column mappings are written a->b,c->d (or a,c); found " + text);
            }
            mappings.put(sides[0].strip(), (sides.length == 2 ? sides[1] : sides[0]).strip());
        }
        return mappings;
    }

    private static List<String> split(String columns) {
        return Arrays.stream(columns.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static void requireColumns(Dataset<Row> data, List<String> columns, String where) {
        Set<String> present = new LinkedHashSet<>(Arrays.asList(data.columns()));
        for (String column : columns) {
            if (!present.contains(column)) {
                throw new Conditions.Undecidable("column " + column + " does not exist in " + where
                        + "; its columns are " + String.join(", ", present));
            }
        }
    }
}

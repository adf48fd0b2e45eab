package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.metrics.Metric;
import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ast.CompositeRule;
import io.steward.dqdl.ast.Condition;
import io.steward.dqdl.ast.Expression;
import io.steward.dqdl.ast.Parameter;
import io.steward.dqdl.ast.Rule;
import io.steward.dqdl.ast.RuleNode;
import io.steward.dqdl.ast.Ruleset;
import io.steward.dqdl.ast.Tag;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Translates each rule into a {@link Check}: Deequ analyzers where Deequ has them (all of them
 * later run in one fused scan), the schema where no scan is needed, and an explicit ERROR with
 * the reason for anything it cannot evaluate.
 */
final class Planner {

    /** Spark types for ColumnDataType's names, as AWS Glue documents them. */
    private static final Map<String, String> DATA_TYPES = Map.of(
            "BOOLEAN", "BOOLEAN", "DATE", "DATE", "TIMESTAMP", "TIMESTAMP", "INTEGER", "INT", "INT", "INT",
            "LONG", "BIGINT", "DOUBLE", "DOUBLE", "FLOAT", "FLOAT", "DECIMAL", "DECIMAL(38,10)", "STRING", "STRING");

    private final StructType schema;
    private final Conditions conditions;
    private final RowPredicates predicates;
    private final Instant now;
    private final SqlAnalysis sql;
    private final CustomSqlRunner customSql;
    private final DatasetComparisons comparisons;
    private final MetricHistory history;
    private final String dataset;
    private final FileRules files;
    private final Optional<StructType> catalog;

    /** Checks a Spark SQL expression against the data's schema without running a job. */
    @FunctionalInterface
    interface SqlAnalysis {
        /** Throws Conditions.Undecidable with Spark's reason when the expression is invalid. */
        void check(String expression);
    }

    /** The planner for one evaluation of a ruleset on a dataset. */
    static Planner forData(Ruleset ruleset, Dataset<Row> data, EvaluationOptions options) {
        CustomSqlRunner customSql = new CustomSqlRunner(data, options.sources());
        Conditions conditions = new Conditions(ruleset, options.history(), options.dataset());
        return new Planner(conditions, data.schema(), options.clock().instant(), e -> RuleEngine.analyze(data, e),
                customSql, new DatasetComparisons(data, options.sources(), customSql), options.history(),
                options.dataset(), new FileRules(options.location(),
                        data.sparkSession().sparkContext().hadoopConfiguration(), options.clock().instant(), conditions),
                Optional.ofNullable(options.sources().get(EvaluationOptions.CATALOG)).map(Dataset::schema));
    }

    Planner(Conditions conditions, StructType schema, Instant now, SqlAnalysis sql, CustomSqlRunner customSql,
            DatasetComparisons comparisons, MetricHistory history, String dataset, FileRules files,
            Optional<StructType> catalog) {
        this.schema = schema;
        this.conditions = conditions;
        this.predicates = new RowPredicates(conditions, now);
        this.now = now;
        this.sql = sql;
        this.customSql = customSql;
        this.comparisons = comparisons;
        this.history = history;
        this.dataset = dataset;
        this.files = files;
        this.catalog = catalog;
    }

    Check plan(RuleNode node) {
        if (node instanceof CompositeRule composite) {
            return new Checks.Composite(composite.operator(), composite.operands().stream().map(this::plan).toList());
        }
        Rule rule = (Rule) node;
        try {
            return planRule(rule);
        } catch (Conditions.Undecidable e) {
            return new Checks.Failed(e.getMessage());
        }
    }

    private Check planRule(Rule rule) {
        List<String> parameters = rule.parameters().stream().map(this::parameter).toList();
        Optional<String> where = rule.where();
        // A bad where clause must fail this rule alone, not the fused scan of every rule.
        where.ifPresent(w -> sql.check("CAST((" + w + ") AS BOOLEAN)"));
        Optional<Condition> threshold = rule.tag(Tag.THRESHOLD).map(Tag::condition);
        String type = rule.type();
        return switch (type) {
            case "RowCount" -> new Checks.MetricCondition("Dataset.*.RowCount", "RowCount", Deequ.size(where),
                    condition(rule), conditions);
            case "ColumnCount" -> new Checks.SchemaMetricCondition("Dataset.*.ColumnCount", "ColumnCount",
                    schema.fields().length, condition(rule), conditions);
            case "ColumnExists" -> {
                boolean exists = hasColumn(parameters.get(0));
                yield new Checks.SchemaFact(exists, "column " + parameters.get(0) + (exists ? " exists" : " does not exist")
                        + catalogNote(parameters.get(0), exists));
            }
            case "ColumnNamesMatchPattern" -> columnNamesMatch(parameters.get(0));
            case "Completeness", "Uniqueness", "UniqueValueRatio", "DistinctValuesCount", "Entropy", "Mean", "Sum",
                    "StandardDeviation" -> metric(rule, parameters, where);
            case "IsComplete" -> {
                String column = column(parameters);
                yield new Checks.RowShare("Column." + column + ".Completeness", "IsComplete " + column,
                        Deequ.completeness(column, where), SqlText.identifier(column) + " IS NOT NULL", where,
                        Optional.empty(), conditions);
            }
            case "IsUnique" -> {
                List<String> columns = columns(parameters);
                yield new Checks.AllOf("IsUnique " + String.join(", ", columns),
                        Map.of(metricName(columns, "Uniqueness"), Deequ.uniqueness(columns, where)));
            }
            case "IsPrimaryKey" -> primaryKey(columns(parameters), where);
            case "Variance" -> {
                String column = column(parameters);
                yield new Checks.MetricCondition("Column." + column + ".Variance", "Variance of " + column,
                        Deequ.standardDeviation(column, where), sd -> sd * sd, condition(rule), conditions);
            }
            case "ColumnCorrelation" -> {
                List<String> columns = columns(parameters);
                yield new Checks.MetricCondition(metricName(columns, "ColumnCorrelation"),
                        "ColumnCorrelation of " + String.join(" and ", columns),
                        Deequ.correlation(columns.get(0), columns.get(1), where), condition(rule), conditions);
            }
            case "ColumnValues" -> {
                String column = column(parameters);
                yield rowShare("Column." + column + ".ColumnValues.Compliance", "ColumnValues of " + column,
                        predicates.predicate(SqlText.identifier(column), condition(rule)), column, where, threshold);
            }
            case "ColumnLength" -> {
                String column = column(parameters);
                // Glue counts a NULL as a value of length 0.
                String length = "length(coalesce(" + SqlText.identifier(column) + ", ''))";
                yield rowShare("Column." + column + ".ColumnLength.Compliance", "ColumnLength of " + column,
                        predicates.predicate(length, condition(rule)), column, where, threshold);
            }
            case "ColumnDataType" -> {
                String column = column(parameters);
                yield rowShare("Column." + column + ".ColumnDataType.Compliance", "ColumnDataType of " + column,
                        dataTypePredicate(column, condition(rule)), column, where, threshold);
            }
            case "DataFreshness" -> {
                String column = column(parameters);
                String age = "(CAST(" + SqlText.timestamp(now) + " AS BIGINT) - CAST(CAST(" + SqlText.identifier(column)
                        + " AS TIMESTAMP) AS BIGINT))";
                yield rowShare("Column." + column + ".DataFreshness.Compliance", "DataFreshness of " + column,
                        predicates.predicate(age, inSeconds(condition(rule))), column, where, threshold);
            }
            case "RowCountMatch" -> computed(rule, "Dataset.*.RowCountMatch", "RowCountMatch with " + parameters.get(0),
                    () -> comparisons.rowCountRatio(parameters.get(0)));
            case "SchemaMatch" -> computed(rule, "Dataset.*.SchemaMatch", "SchemaMatch with " + parameters.get(0),
                    () -> comparisons.schemaMatch(parameters.get(0)));
            case "ReferentialIntegrity" -> computed(rule, "Dataset.*.ReferentialIntegrity",
                    "ReferentialIntegrity of " + parameters.get(0) + " in " + parameters.get(1),
                    () -> comparisons.referentialIntegrity(parameters.get(0), parameters.get(1)));
            case "DatasetMatch" -> computed(rule, "Dataset.*.DatasetMatch", "DatasetMatch with " + parameters.get(0),
                    () -> comparisons.datasetMatch(parameters.get(0), parameters.get(1),
                            parameters.size() > 2 ? parameters.get(2) : null));
            case "AggregateMatch" -> computed(rule, "Dataset.*.AggregateMatch",
                    "AggregateMatch of " + parameters.get(0) + " and " + parameters.get(1),
                    () -> comparisons.aggregateRatio(parameters.get(0), parameters.get(1)));
            case "DetectAnomalies" -> anomalies(parameters, where);
            case "FileFreshness" -> {
                String location = files.location(parameters);
                Condition condition = condition(rule);
                yield new Checks.ComputedShare("Dataset.*.FileFreshness.Compliance", "FileFreshness of files in "
                        + location, () -> files.freshShare(location, condition), threshold, conditions);
            }
            case "FileSize" -> {
                String location = files.location(parameters);
                Condition condition = condition(rule);
                yield new Checks.ComputedShare("Dataset.*.FileSize.Compliance", "FileSize of files in " + location,
                        () -> files.sizeShare(location, condition), threshold, conditions);
            }
            case "FileUniqueness" -> {
                String location = files.location(parameters);
                yield computed(rule, "Dataset.*.FileUniqueness", "FileUniqueness of files in " + location,
                        () -> files.uniqueShare(location));
            }
            case "FileMatch" -> fileMatch(rule, parameters);
            case "CustomSql" -> new Checks.CustomSql(parameters.get(0), rule.condition(), threshold, customSql,
                    Deequ.size(Optional.empty()), conditions);
            default -> new Checks.Failed(type + " is not evaluated by this version of Steward's rule engine yet");
        };
    }

    /** A rule that is one metric compared with its condition: "Mean of price is 12.5, required > 10". */
    private Check metric(Rule rule, List<String> parameters, Optional<String> where) {
        List<String> columns = metricColumns(rule.type(), parameters);
        return new Checks.MetricCondition(metricName(columns, rule.type()), rule.type() + " of "
                + String.join(", ", columns), Deequ.metric(rule.type(), columns, where).orElseThrow(), condition(rule),
                conditions);
    }

    /** The existing columns a metric reads: all of them for multi-column metrics, else the first. */
    private List<String> metricColumns(String type, List<String> parameters) {
        if (type.equals("RowCount")) {
            return List.of();
        }
        return Deequ.MULTI_COLUMN_METRICS.contains(type) ? columns(parameters) : List.of(column(parameters));
    }

    /** FileMatch "a" "b": the same files; FileMatch ["path"] in ["checksum", ...]: known contents. */
    private Check fileMatch(Rule rule, List<String> parameters) {
        if (parameters.size() == 2) {
            return new Checks.ComputedFact(() -> files.sameFiles(parameters.get(0), parameters.get(1)) ? null
                    : parameters.get(0) + " and " + parameters.get(1) + " do not hold the same files",
                    parameters.get(0) + " and " + parameters.get(1) + " hold the same files");
        }
        String location = files.location(parameters);
        Condition condition = condition(rule);
        String algorithm = FileRules.algorithm(rule.tag("hashAlgorithm").map(t -> ((Expression.StringLiteral)
                ((Condition.Comparison) t.condition()).operand()).value()));
        List<String> expected;
        boolean negated;
        if (condition instanceof Condition.Membership m) {
            expected = conditions.items(m.values()).stream().map(conditions::resolve)
                    .map(e -> e instanceof Expression.StringLiteral s ? s.value() : "").toList();
            negated = m.negated();
        } else if (condition instanceof Condition.Comparison c && c.operand() instanceof Expression.StringLiteral s
                && (c.operator() == Condition.ComparisonOperator.EQ || c.operator() == Condition.ComparisonOperator.NE)) {
            expected = List.of(s.value());
            negated = c.operator() == Condition.ComparisonOperator.NE;
        } else {
            throw new Conditions.Undecidable("FileMatch compares checksums: in [\"...\"] or = \"...\"");
        }
        return new Checks.ComputedFact(() -> {
            List<String> unexpected = files.checksums(location, algorithm).stream()
                    .filter(sum -> expected.contains(sum.toLowerCase(Locale.ROOT)) == negated).toList();
            return unexpected.isEmpty() ? null : "files in " + location + " with other " + algorithm + " checksums: "
                    + String.join(", ", unexpected);
        }, "every file in " + location + " has an expected " + algorithm + " checksum");
    }

    /** DetectAnomalies "Metric" ["column"...]: the metric a rule of that type would compute, against history. */
    private Check anomalies(List<String> parameters, Optional<String> where) {
        String metric = parameters.get(0);
        List<String> arguments = parameters.subList(1, parameters.size());
        if (!metric.equals("RowCount") && arguments.isEmpty()) {
            throw new Conditions.Undecidable("DetectAnomalies of " + metric + " needs its column, e.g. "
                    + "DetectAnomalies \"" + metric + "\" \"column\"");
        }
        if (!Deequ.METRICS.contains(metric)) {
            throw new Conditions.Undecidable("DetectAnomalies watches RowCount, Completeness, Uniqueness, "
                    + "UniqueValueRatio, DistinctValuesCount, Entropy, Mean, Sum, StandardDeviation or "
                    + "ColumnCorrelation; found " + metric);
        }
        Analyzer<?, Metric<?>> analyzer = Deequ.metric(metric, metricColumns(metric, arguments), where).orElseThrow();
        String name = metric.equals("RowCount") ? "Dataset.*.RowCount" : metricName(arguments, metric);
        return new AnomalyCheck(name, metric + (arguments.isEmpty() ? "" : " of " + String.join(", ", arguments)),
                analyzer, history, dataset);
    }

    private Check computed(Rule rule, String metricName, String subject, java.util.function.DoubleSupplier compute) {
        return new Checks.Computed(metricName, subject, compute, condition(rule), conditions);
    }

    private Check rowShare(String metricName, String subject, String predicate, String column, Optional<String> where,
                           Optional<Condition> threshold) {
        sql.check(predicate);
        return new Checks.RowShare(metricName, subject,
                Deequ.compliance(metricName, predicate, where, List.of(column)), predicate, where, threshold, conditions);
    }

    private Check primaryKey(List<String> columns, Optional<String> where) {
        Map<String, Analyzer<?, Metric<?>>> parts =
                new LinkedHashMap<>();
        for (String column : columns) {
            parts.put("Column." + column + ".Completeness", Deequ.completeness(column, where));
        }
        parts.put(metricName(columns, "Uniqueness"), Deequ.uniqueness(columns, where));
        return new Checks.AllOf("IsPrimaryKey " + String.join(", ", columns), parts);
    }

    private Check columnNamesMatch(String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new Conditions.Undecidable("invalid regular expression: " + e.getDescription());
        }
        List<String> mismatched = Arrays.stream(schema.fieldNames()).filter(n -> !pattern.matcher(n).matches()).toList();
        return new Checks.SchemaFact(mismatched.isEmpty(), mismatched.isEmpty()
                ? "every column name matches " + regex
                : "column names that do not match " + regex + ": " + String.join(", ", mismatched));
    }

    /** "= "INTEGER"" or "in ["INTEGER", "LONG"]": values (other than NULL) that cast to the type. */
    private String dataTypePredicate(String column, Condition condition) {
        List<Expression> names;
        boolean negated;
        if (condition instanceof Condition.Comparison c && c.operator() == Condition.ComparisonOperator.EQ) {
            names = List.of(conditions.resolve(c.operand()));
            negated = false;
        } else if (condition instanceof Condition.Comparison c && c.operator() == Condition.ComparisonOperator.NE) {
            names = List.of(conditions.resolve(c.operand()));
            negated = true;
        } else if (condition instanceof Condition.Membership m) {
            names = conditions.items(m.values()).stream().map(conditions::resolve).toList();
            negated = m.negated();
        } else {
            throw new Conditions.Undecidable("ColumnDataType takes = \"TYPE\" or in [\"TYPE\", ...]");
        }
        String value = SqlText.identifier(column);
        String casts = names.stream().map(name -> {
            if (!(name instanceof Expression.StringLiteral s)
                    || !DATA_TYPES.containsKey(s.value().toUpperCase(Locale.ROOT))) {
                throw new Conditions.Undecidable("unknown data type in " + Dqdl.format(condition) + "; known types: "
                        + String.join(", ", DATA_TYPES.keySet().stream().sorted().toList()));
            }
            return "try_cast(" + value + " AS " + DATA_TYPES.get(s.value().toUpperCase(Locale.ROOT)) + ") IS NOT NULL";
        }).collect(Collectors.joining(" OR ", "(", ")"));
        return "coalesce(" + value + " IS NULL OR " + (negated ? "NOT " : "") + casts + ", false)";
    }

    /** A DataFreshness condition with its durations as seconds, to compare with an age in seconds. */
    private static Condition inSeconds(Condition condition) {
        if (condition instanceof Condition.Comparison c) {
            return new Condition.Comparison(c.operator(), seconds(c.operand()), c.position());
        }
        if (condition instanceof Condition.Between b) {
            return new Condition.Between(b.negated(), seconds(b.low()), seconds(b.high()), b.position());
        }
        if (condition instanceof Condition.Membership m && m.values() instanceof Expression.ListLiteral l) {
            return new Condition.Membership(m.negated(), new Expression.ListLiteral(
                    l.items().stream().map(Planner::seconds).toList(), l.position()), m.position());
        }
        throw new Conditions.Undecidable("DataFreshness compares the age of values with durations such as 24 hours");
    }

    private static Expression seconds(Expression expression) {
        if (expression instanceof Expression.DurationLiteral d) {
            return new Expression.NumberLiteral(java.math.BigDecimal.valueOf(RowPredicates.duration(d).toSeconds()),
                    d.position());
        }
        throw new Conditions.Undecidable("DataFreshness compares with durations such as 24 hours");
    }

    private Condition condition(Rule rule) {
        return rule.condition().orElseThrow(() -> new Conditions.Undecidable(rule.type() + " needs a condition"));
    }

    private String parameter(Parameter parameter) {
        if (parameter.kind() != Parameter.Kind.VARIABLE) {
            return parameter.value();
        }
        Expression value = conditions.resolve(new Expression.VariableRef(parameter.value(), parameter.position()));
        if (value instanceof Expression.StringLiteral s) {
            return s.value();
        }
        throw new Conditions.Undecidable("$" + parameter.value() + " must hold a string");
    }

    private String column(List<String> parameters) {
        return columns(parameters.subList(0, 1)).get(0);
    }

    private List<String> columns(List<String> names) {
        for (String name : names) {
            if (!hasColumn(name)) {
                throw new Conditions.Undecidable("column " + name + " does not exist; the columns are "
                        + String.join(", ", schema.fieldNames()));
            }
        }
        return names;
    }

    /**
     * What the catalog's registered schema says of a column the data has or lacks, when the
     * evaluation was given it (the source {@value EvaluationOptions#CATALOG}): the data drifted from it.
     */
    private String catalogNote(String column, boolean exists) {
        if (catalog.isEmpty()) {
            return "";
        }
        boolean registered = Arrays.asList(catalog.get().fieldNames()).contains(column);
        if (exists == registered) {
            return "";
        }
        return exists ? " (it is not in the catalog's registered schema)" : " (the catalog's registered schema has it)";
    }

    private boolean hasColumn(String name) {
        for (StructField field : schema.fields()) {
            if (field.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Column.price.Mean, or Multicolumn.a,b.Uniqueness for several columns, as Glue names them. */
    static String metricName(List<String> columns, String metric) {
        return (columns.size() == 1 ? "Column." : "Multicolumn.") + String.join(",", columns) + "." + metric;
    }
}

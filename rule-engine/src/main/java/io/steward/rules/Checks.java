package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.metrics.Metric;
import io.steward.dqdl.ast.CompositeRule;
import io.steward.dqdl.ast.Condition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** The kinds of check the planner builds. */
final class Checks {

    private Checks() {
    }

    /** A rule that cannot be evaluated: ERROR with the reason, never a silent skip. */
    record Failed(String reason) implements Check {

        @Override
        public Decision decide(Metrics metrics) {
            return Decision.error(reason);
        }

    }

    /** A dataset-level metric compared with a condition: "Mean of price is 12.5, required > 10". */
    record MetricCondition(String metricName, String subject, Analyzer<?, Metric<?>> analyzer,
                           DoubleUnaryOperator derive, Condition condition, Conditions conditions) implements Check {
        MetricCondition(String metricName, String subject, Analyzer<?, Metric<?>> analyzer, Condition condition,
                        Conditions conditions) {
            this(metricName, subject, analyzer, DoubleUnaryOperator.identity(), condition, conditions);
        }

        @Override
        public List<Analyzer<?, Metric<?>>> analyzers() {
            return List.of(analyzer);
        }

        @Override
        public Decision decide(Metrics metrics) {
            return decideValue(metricName, subject, derive.applyAsDouble(metrics.value(analyzer)), condition,
                    conditions);
        }

    }

    /** A metric known without scanning (from the schema), compared with a condition. */
    record SchemaMetricCondition(String metricName, String subject, double value, Condition condition,
                                 Conditions conditions) implements Check {

        @Override
        public Decision decide(Metrics metrics) {
            return decideValue(metricName, subject, value, condition, conditions);
        }

    }

    /** A yes/no fact about the schema, such as ColumnExists. */
    record SchemaFact(boolean holds, String message) implements Check {

        @Override
        public Decision decide(Metrics metrics) {
            return new Decision(holds ? Outcome.PASS : Outcome.FAIL, message, Map.of());
        }

    }

    /**
     * Rules that hold per row (ColumnValues, IsComplete, ColumnLength, ...): the share of rows
     * that pass must be 1, or meet the 'with threshold' condition.
     */
    record RowShare(String metricName, String subject, Analyzer<?, Metric<?>> analyzer, String predicate,
                    Optional<String> where, Optional<Condition> threshold, Conditions conditions) implements Check {
        RowShare {
            requireNonNull(predicate, "predicate");
        }

        @Override
        public List<Analyzer<?, Metric<?>>> analyzers() {
            return List.of(analyzer);
        }

        @Override
        public Decision decide(Metrics metrics) {
            double share = metrics.value(analyzer);
            Map<String, Double> named = Map.of(metricName, share);
            if (threshold.isPresent()) {
                boolean pass = conditions.test(share, threshold.get(), metricName);
                return new Decision(pass ? Outcome.PASS : Outcome.FAIL, subject + ": " + percent(share)
                        + " of rows pass, " + Conditions.requirement(threshold.get()), named);
            }
            boolean pass = share >= 1.0 - 1e-12;
            return new Decision(pass ? Outcome.PASS : Outcome.FAIL, subject + ": " + percent(share)
                    + " of rows pass, required all rows", named);
        }

        @Override
        public Optional<String> rowPredicate() {
            return Optional.of(where.map(w -> "(NOT coalesce((" + w + "), false) OR " + predicate + ")")
                    .orElse(predicate));
        }

        @Override
        public Optional<String> rowScope() {
            return where.map(w -> "coalesce((" + w + "), false)");
        }
    }

    /** Every part must hold (IsPrimaryKey: each column complete and the columns unique together). */
    record AllOf(String subject, Map<String, Analyzer<?, Metric<?>>> parts) implements Check {
        @Override
        public List<Analyzer<?, Metric<?>>> analyzers() {
            return List.copyOf(parts.values());
        }

        @Override
        public Decision decide(Metrics metrics) {
            Map<String, Double> values = new LinkedHashMap<>();
            List<String> failing = new ArrayList<>();
            parts.forEach((name, analyzer) -> {
                double value = metrics.value(analyzer);
                values.put(name, value);
                if (value < 1.0 - 1e-12) {
                    failing.add(name + " is " + MetricValues.format(value));
                }
            });
            return failing.isEmpty()
                    ? new Decision(Outcome.PASS, subject + ": every part is 1", values)
                    : new Decision(Outcome.FAIL, subject + ": " + String.join(", ", failing) + ", required 1", values);
        }

    }

    /** and / or over other checks: ERROR if an operand errs, as the outcome cannot be known. */
    record Composite(CompositeRule.Operator operator, List<Check> operands) implements Check {
        @Override
        public List<Analyzer<?, Metric<?>>> analyzers() {
            return operands.stream().flatMap(c -> c.analyzers().stream()).toList();
        }

        @Override
        public Decision decide(Metrics metrics) {
            Map<String, Double> values = new LinkedHashMap<>();
            List<String> messages = new ArrayList<>();
            boolean and = operator == CompositeRule.Operator.AND;
            boolean result = and;
            for (Check operand : operands) {
                Decision decision = safely(() -> operand.decide(metrics));
                values.putAll(decision.metrics());
                messages.add(decision.message());
                if (decision.outcome() == Outcome.ERROR) {
                    return new Decision(Outcome.ERROR, decision.message(), values);
                }
                boolean passed = decision.outcome() == Outcome.PASS;
                result = and ? result && passed : result || passed;
            }
            return new Decision(result ? Outcome.PASS : Outcome.FAIL, String.join("; " + operator.keyword() + " ",
                    messages), values);
        }

        @Override
        public Optional<String> rowPredicate() {
            List<String> predicates = new ArrayList<>();
            for (Check operand : operands) {
                Optional<String> predicate = operand.rowPredicate();
                if (predicate.isEmpty()) {
                    return Optional.empty();
                }
                predicates.add(predicate.get());
            }
            return Optional.of("(" + String.join(" " + operator.name() + " ", predicates) + ")");
        }
    }

    /**
     * CustomSql: with a condition, the statement returns one number compared with it; without,
     * it returns the rows that pass, whose share of all rows must be 1 or meet the threshold.
     */
    record CustomSql(String statement, Optional<Condition> condition, Optional<Condition> threshold,
                     CustomSqlRunner runner, Analyzer<?, Metric<?>> size, Conditions conditions) implements Check {
        @Override
        public List<Analyzer<?, Metric<?>>> analyzers() {
            return List.of(size);
        }

        @Override
        public Decision decide(Metrics metrics) {
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> result = runner.query(statement);
            if (condition.isPresent()) {
                List<org.apache.spark.sql.Row> rows = result.limit(2).collectAsList();
                if (rows.size() != 1 || rows.get(0).size() != 1 || !(rows.get(0).get(0) instanceof Number n)) {
                    return Decision.error("CustomSql with a condition needs a statement that returns one number, "
                            + "e.g. select count(*) from primary");
                }
                return decideValue("Dataset.*.CustomSQL", "CustomSql", n.doubleValue(), condition.get(), conditions);
            }
            double total = metrics.value(size);
            double share = total == 0 ? 1.0 : result.count() / total;
            Map<String, Double> named = Map.of("Dataset.*.CustomSQL.Compliance", share);
            boolean pass = threshold.map(t -> conditions.test(share, t, "Dataset.*.CustomSQL.Compliance"))
                    .orElse(share >= 1.0 - 1e-12);
            return new Decision(pass ? Outcome.PASS : Outcome.FAIL, "CustomSql: " + percent(share)
                    + " of rows returned, " + threshold.map(Conditions::requirement).orElse("required all rows"), named);
        }

    }

    /**
     * A metric computed by its own Spark job when decided (dataset comparisons): the ratio of
     * row counts, the share of matching rows, and so on.
     */
    record Computed(String metricName, String subject, DoubleSupplier compute, Condition condition,
                    Conditions conditions) implements Check {

        @Override
        public Decision decide(Metrics metrics) {
            return decideValue(metricName, subject, compute.getAsDouble(), condition, conditions);
        }

    }

    /** The metric is reported even when the condition cannot be decided, so history still grows. */
    /** A share computed by its own work when decided (File* rules): 1, or meeting the threshold. */
    record ComputedShare(String metricName, String subject, DoubleSupplier share, Optional<Condition> threshold,
                         Conditions conditions) implements Check {

        @Override
        public Decision decide(Metrics metrics) {
            double value = share.getAsDouble();
            boolean pass = threshold.map(t -> conditions.test(value, t, metricName)).orElse(value >= 1.0 - 1e-12);
            return new Decision(pass ? Outcome.PASS : Outcome.FAIL, subject + ": " + percent(value) + " pass, "
                    + threshold.map(Conditions::requirement).orElse("required all"), Map.of(metricName, value));
        }

    }

    /** A yes/no fact established by its own work when decided (FileMatch). */
    record ComputedFact(Supplier<String> failure, String success) implements Check {

        /** failure gives null when the fact holds, else why it does not. */
        @Override
        public Decision decide(Metrics metrics) {
            String why = failure.get();
            return why == null ? new Decision(Outcome.PASS, success, Map.of())
                    : new Decision(Outcome.FAIL, why, Map.of());
        }

    }

    static Check.Decision decideValue(String metricName, String subject, double value, Condition condition,
                                      Conditions conditions) {
        Map<String, Double> named = Map.of(metricName, value);
        String measured = subject + " is " + MetricValues.format(value);
        boolean pass;
        try {
            pass = conditions.test(value, condition, metricName);
        } catch (Conditions.Undecidable e) {
            return new Check.Decision(Outcome.ERROR, measured + "; " + e.getMessage(), named);
        }
        return new Check.Decision(pass ? Outcome.PASS : Outcome.FAIL, measured + ", "
                + Conditions.requirement(condition), named);
    }

    /** Runs a decision, turning an undecidable condition or failed metric into ERROR. */
    static Check.Decision safely(Supplier<Check.Decision> decision) {
        try {
            return decision.get();
        } catch (Conditions.Undecidable e) {
            return Check.Decision.error(e.getMessage());
        }
    }

    private static String percent(double share) {
        return MetricValues.format(share * 100) + "%";
    }
}

package io.steward.rules;

import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ast.Condition;
import io.steward.dqdl.ast.Expression;
import io.steward.dqdl.ast.Ruleset;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * Decides conditions on a metric value: "RowCount between 10 and 20" with the bounds exclusive,
 * as AWS Glue defines between. Operands are constant expressions, $variables, or dynamic
 * expressions over the same metric's history: avg, median, min, max, sum and std of last(k),
 * index(last(k), i) with 0 the most recent run, and abs.
 */
final class Conditions {

    private static final double TOLERANCE = 1e-9;

    private final Ruleset ruleset;
    private final MetricHistory history;
    private final String dataset;

    Conditions(Ruleset ruleset, MetricHistory history, String dataset) {
        this.ruleset = ruleset;
        this.history = history;
        this.dataset = dataset;
    }

    /** Thrown when a condition cannot be decided; the rule becomes ERROR with this message. */
    static final class Undecidable extends RuntimeException {
        Undecidable(String message) {
            super(message);
        }

        /** The first line of an exception's message: Spark's analysis errors go on with the plan. */
        static String firstLine(Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return message.lines().findFirst().orElse(message);
        }
    }

    /** @param metric the metric the value is of, whose history dynamic expressions read */
    boolean test(double value, Condition condition, String metric) {
        if (condition instanceof Condition.Comparison c) {
            double operand = number(c.operand(), metric);
            return switch (c.operator()) {
                case EQ -> Math.abs(value - operand) <= TOLERANCE;
                case NE -> Math.abs(value - operand) > TOLERANCE;
                case GT -> value > operand;
                case GE -> value >= operand - TOLERANCE;
                case LT -> value < operand;
                case LE -> value <= operand + TOLERANCE;
            };
        }
        if (condition instanceof Condition.Between b) {
            boolean inside = value > number(b.low(), metric) && value < number(b.high(), metric);
            return inside != b.negated();
        }
        if (condition instanceof Condition.Membership m) {
            boolean found = items(m.values()).stream()
                    .anyMatch(item -> Math.abs(value - number(item, metric)) <= TOLERANCE);
            return found != m.negated();
        }
        throw new Undecidable("'" + Dqdl.format(condition) + "' does not apply to a number");
    }

    /** "required > 0.9" for messages. */
    static String requirement(Condition condition) {
        return "required " + Dqdl.format(condition);
    }

    List<Expression> items(Expression values) {
        if (values instanceof Expression.ListLiteral list) {
            return list.items();
        }
        Expression resolved = resolve(values);
        if (resolved instanceof Expression.ListLiteral list) {
            return list.items();
        }
        throw new Undecidable(Dqdl.format(new Condition.Membership(false, values, values.position()))
                + " needs a list");
    }

    /** A $variable's value; anything else as it is. */
    Expression resolve(Expression expression) {
        if (expression instanceof Expression.VariableRef ref) {
            return ruleset.variable(ref.name())
                    .orElseThrow(() -> new Undecidable("undefined variable $" + ref.name()))
                    .value();
        }
        return expression;
    }

    /** @param metric the metric whose history dynamic expressions read, or null where there is none */
    double number(Expression expression, String metric) {
        return constant(resolve(expression), metric).doubleValue();
    }

    private BigDecimal constant(Expression expression, String metric) {
        if (expression instanceof Expression.NumberLiteral n) {
            return n.value();
        }
        if (expression instanceof Expression.Negation n) {
            return constant(resolve(n.operand()), metric).negate();
        }
        if (expression instanceof Expression.Arithmetic a) {
            BigDecimal left = constant(resolve(a.left()), metric);
            BigDecimal right = constant(resolve(a.right()), metric);
            return switch (a.operator()) {
                case ADD -> left.add(right);
                case SUBTRACT -> left.subtract(right);
                case MULTIPLY -> left.multiply(right);
                case DIVIDE -> {
                    if (right.signum() == 0) {
                        throw new Undecidable("division by zero in the condition");
                    }
                    yield left.divide(right, MathContext.DECIMAL64);
                }
            };
        }
        if (expression instanceof Expression.FunctionCall call) {
            return BigDecimal.valueOf(dynamic(call, metric));
        }
        throw new Undecidable("expected a number, found " + expression.getClass().getSimpleName());
    }

    private double dynamic(Expression.FunctionCall call, String metric) {
        if (metric == null) {
            throw new Undecidable("dynamic expressions such as " + call.name() + "(...) compare a metric with its "
                    + "history; they cannot be used per row");
        }
        List<Expression> arguments = call.arguments();
        return switch (call.name()) {
            case "abs" -> Math.abs(number(arguments.get(0), metric));
            case "index" -> {
                List<Double> values = last(arguments.get(0), metric);
                int index = (int) number(arguments.get(1), metric);
                if (index >= values.size()) {
                    throw new Undecidable("index(last(k), " + index + ") needs " + (index + 1) + " earlier runs of "
                            + metric + "; the history has " + values.size());
                }
                yield values.get(index);
            }
            case "avg" -> last(arguments.get(0), metric).stream().mapToDouble(Double::doubleValue).average()
                    .orElseThrow();
            case "sum" -> last(arguments.get(0), metric).stream().mapToDouble(Double::doubleValue).sum();
            case "min" -> last(arguments.get(0), metric).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case "max" -> last(arguments.get(0), metric).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case "median" -> median(last(arguments.get(0), metric));
            case "std" -> standardDeviation(last(arguments.get(0), metric));
            default -> throw new Undecidable("unknown function " + call.name());
        };
    }

    /** The values of last(k): up to k earlier runs, most recent first; at least one. */
    private List<Double> last(Expression argument, String metric) {
        if (!(argument instanceof Expression.FunctionCall last) || !last.name().equals("last")) {
            throw new Undecidable("expected last(k)");
        }
        int count = (int) number(last.arguments().get(0), metric);
        List<Double> values = history.recent(dataset, metric, count);
        if (values.isEmpty()) {
            throw new Undecidable("no earlier runs of " + metric + " for " + dataset + ": dynamic rules compare "
                    + "with history, which builds up as the dataset is checked");
        }
        return values;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Population standard deviation, as Deequ's StandardDeviation computes it. */
    private static double standardDeviation(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(squares / values.size());
    }
}

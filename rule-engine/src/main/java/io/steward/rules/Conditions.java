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
 * as AWS Glue defines between. Operands are constant expressions or $variables; dynamic rules
 * (avg(last(k)) and friends) need the metric history, which this evaluator does not have yet.
 */
final class Conditions {

    private static final double TOLERANCE = 1e-9;

    private final Ruleset ruleset;

    Conditions(Ruleset ruleset) {
        this.ruleset = ruleset;
    }

    /** Thrown when a condition cannot be decided; the rule becomes ERROR with this message. */
    static final class Undecidable extends RuntimeException {
        Undecidable(String message) {
            super(message);
        }
    }

    boolean test(double value, Condition condition) {
        if (condition instanceof Condition.Comparison c) {
            double operand = number(c.operand());
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
            boolean inside = value > number(b.low()) && value < number(b.high());
            return inside != b.negated();
        }
        if (condition instanceof Condition.Membership m) {
            boolean found = items(m.values()).stream().anyMatch(item -> Math.abs(value - number(item)) <= TOLERANCE);
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

    double number(Expression expression) {
        return constant(resolve(expression)).doubleValue();
    }

    private BigDecimal constant(Expression expression) {
        if (expression instanceof Expression.NumberLiteral n) {
            return n.value();
        }
        if (expression instanceof Expression.Negation n) {
            return constant(resolve(n.operand())).negate();
        }
        if (expression instanceof Expression.Arithmetic a) {
            BigDecimal left = constant(resolve(a.left()));
            BigDecimal right = constant(resolve(a.right()));
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
            throw new Undecidable("dynamic rules (" + call.name() + "(...)) need the metric history of earlier "
                    + "runs, which this version of the rule engine does not keep yet");
        }
        throw new Undecidable("expected a number, found " + expression.getClass().getSimpleName());
    }
}

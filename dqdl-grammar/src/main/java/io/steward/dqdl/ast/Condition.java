package io.steward.dqdl.ast;

import static java.util.Objects.requireNonNull;

/**
 * What a rule's value is checked against. Conditions are untyped here: the validator decides
 * from the rule type whether operands are numbers, strings, dates, durations or sizes.
 */
public sealed interface Condition {

    Position position();

    enum ComparisonOperator {
        EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<=");

        private final String symbol;

        ComparisonOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean isOrdering() {
            return this != EQ && this != NE;
        }
    }

    /** {@code > 10}, {@code = "x"}, {@code != NULL}. */
    record Comparison(ComparisonOperator operator, Expression operand, Position position) implements Condition {
        public Comparison {
            requireNonNull(operator, "operator");
            requireNonNull(operand, "operand");
            requireNonNull(position, "position");
        }
    }

    /** {@code [not] between low and high}, bounds exclusive as in AWS Glue. */
    record Between(boolean negated, Expression low, Expression high, Position position) implements Condition {
        public Between {
            requireNonNull(low, "low");
            requireNonNull(high, "high");
            requireNonNull(position, "position");
        }
    }

    /** {@code [not] in [a, b]} or {@code [not] in $list}: values is a ListLiteral or a VariableRef. */
    record Membership(boolean negated, Expression values, Position position) implements Condition {
        public Membership {
            requireNonNull(values, "values");
            if (!(values instanceof Expression.ListLiteral) && !(values instanceof Expression.VariableRef)) {
                throw new IllegalArgumentException("membership needs a list or a variable");
            }
            requireNonNull(position, "position");
        }
    }

    /** {@code [not] matches "regex"}: pattern is a StringLiteral or a VariableRef. */
    record PatternMatch(boolean negated, Expression pattern, Position position) implements Condition {
        public PatternMatch {
            requireNonNull(pattern, "pattern");
            if (!(pattern instanceof Expression.StringLiteral) && !(pattern instanceof Expression.VariableRef)) {
                throw new IllegalArgumentException("matches needs a string or a variable");
            }
            requireNonNull(position, "position");
        }
    }
}

package io.steward.dqdl.ast;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/** Operands of conditions and values of variables. */
public sealed interface Expression {

    Position position();

    /** {@code 10}, {@code -0.5}; the scale written is kept ({@code 1.50} prints as {@code 1.50}). */
    record NumberLiteral(BigDecimal value, Position position) implements Expression {
        public NumberLiteral {
            requireNonNull(value, "value");
            requireNonNull(position, "position");
        }
    }

    /** A quoted string, decoded. In a date condition it holds a date or a time of day. */
    record StringLiteral(String value, Position position) implements Expression {
        public StringLiteral {
            requireNonNull(value, "value");
            requireNonNull(position, "position");
        }
    }

    enum Keyword {
        NULL, EMPTY, WHITESPACES_ONLY;

        public String text() {
            return name();
        }
    }

    /** {@code NULL}, {@code EMPTY}, {@code WHITESPACES_ONLY} (either case in the source). */
    record KeywordLiteral(Keyword keyword, Position position) implements Expression {
        public KeywordLiteral {
            requireNonNull(keyword, "keyword");
            requireNonNull(position, "position");
        }
    }

    enum DurationUnit {
        DAYS, HOURS, MINUTES;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code 3 days}. */
    record DurationLiteral(BigDecimal amount, DurationUnit unit, Position position) implements Expression {
        public DurationLiteral {
            requireNonNull(amount, "amount");
            requireNonNull(unit, "unit");
            requireNonNull(position, "position");
        }
    }

    enum SizeUnit {
        B(1L), KB(1L << 10), MB(1L << 20), GB(1L << 30), TB(1L << 40);

        private final long bytes;

        SizeUnit(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }
    }

    /** {@code 10 MB}. */
    record SizeLiteral(BigDecimal amount, SizeUnit unit, Position position) implements Expression {
        public SizeLiteral {
            requireNonNull(amount, "amount");
            requireNonNull(unit, "unit");
            requireNonNull(position, "position");
        }
    }

    /** {@code now()}: the time of evaluation. */
    record Now(Position position) implements Expression {
        public Now {
            requireNonNull(position, "position");
        }
    }

    /** {@code $name}. */
    record VariableRef(String name, Position position) implements Expression {
        public VariableRef {
            requireNonNull(name, "name");
            requireNonNull(position, "position");
        }
    }

    /** {@code avg(last(10))}, {@code index(last(3), 1)}: dynamic rules over past results. */
    record FunctionCall(String name, List<Expression> arguments, Position position) implements Expression {
        public FunctionCall {
            requireNonNull(name, "name");
            arguments = List.copyOf(arguments);
            requireNonNull(position, "position");
        }
    }

    enum ArithmeticOperator {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/");

        private final String symbol;

        ArithmeticOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public int precedence() {
            return this == ADD || this == SUBTRACT ? 1 : 2;
        }
    }

    /** {@code a * b}, {@code now() - 3 days}. */
    record Arithmetic(ArithmeticOperator operator, Expression left, Expression right, Position position)
            implements Expression {
        public Arithmetic {
            requireNonNull(operator, "operator");
            requireNonNull(left, "left");
            requireNonNull(right, "right");
            requireNonNull(position, "position");
        }
    }

    /** {@code -x} where x is not a plain number (a negative number is a NumberLiteral). */
    record Negation(Expression operand, Position position) implements Expression {
        public Negation {
            requireNonNull(operand, "operand");
            requireNonNull(position, "position");
        }
    }

    /** {@code [a, b, c]}: in a membership condition or as a variable's value. */
    record ListLiteral(List<Expression> items, Position position) implements Expression {
        public ListLiteral {
            items = List.copyOf(items);
            requireNonNull(position, "position");
        }
    }
}

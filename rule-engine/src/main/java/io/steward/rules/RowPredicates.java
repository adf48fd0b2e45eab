package io.steward.rules;

import io.steward.dqdl.ast.Condition;
import io.steward.dqdl.ast.Expression;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a condition on a column's values into a Spark SQL predicate that is true for the rows
 * that pass. NULL never passes unless the condition names it ("in [NULL, ...]", "= NULL"), and
 * the predicate is never NULL itself, so it can be summed and combined safely.
 */
final class RowPredicates {

    private final Conditions conditions;
    private final Instant now;

    RowPredicates(Conditions conditions, Instant now) {
        this.conditions = conditions;
        this.now = now;
    }

    String predicate(String value, Condition condition) {
        return "coalesce(" + raw(value, condition) + ", false)";
    }

    private String raw(String value, Condition condition) {
        if (condition instanceof Condition.Comparison c) {
            Expression operand = conditions.resolve(c.operand());
            if (operand instanceof Expression.KeywordLiteral k) {
                String is = keyword(value, k.keyword());
                return switch (c.operator()) {
                    case EQ -> is;
                    case NE -> "NOT (" + is + ")";
                    default -> throw new Conditions.Undecidable(k.keyword().text() + " can only be compared with = or !=");
                };
            }
            return value + " " + c.operator().symbol() + " " + literal(operand);
        }
        if (condition instanceof Condition.Between b) {
            String inside = "(" + value + " > " + literal(conditions.resolve(b.low())) + " AND " + value + " < "
                    + literal(conditions.resolve(b.high())) + ")";
            return b.negated() ? "NOT " + inside : inside;
        }
        if (condition instanceof Condition.Membership m) {
            List<String> literals = new ArrayList<>();
            List<String> keywords = new ArrayList<>();
            for (Expression item : conditions.items(m.values())) {
                Expression resolved = conditions.resolve(item);
                if (resolved instanceof Expression.KeywordLiteral k) {
                    keywords.add(keyword(value, k.keyword()));
                } else {
                    literals.add(literal(resolved));
                }
            }
            List<String> alternatives = new ArrayList<>(keywords);
            if (!literals.isEmpty()) {
                alternatives.add(value + " IN (" + String.join(", ", literals) + ")");
            }
            String in = alternatives.stream().collect(Collectors.joining(" OR ", "(", ")"));
            // not in: a NULL value passes unless NULL is listed, as "not one of these values".
            return m.negated() ? "NOT coalesce(" + in + ", false)" : in;
        }
        Condition.PatternMatch p = (Condition.PatternMatch) condition;
        Expression pattern = conditions.resolve(p.pattern());
        if (!(pattern instanceof Expression.StringLiteral regex)) {
            throw new Conditions.Undecidable("matches needs a regular expression string");
        }
        // A whole-value match, as in Java's String.matches: "[a-z]+" does not pass "abc1".
        String match = value + " RLIKE " + SqlText.string("^(?:" + regex.value() + ")$");
        return p.negated() ? "NOT (" + match + ")" : match;
    }

    private static String keyword(String value, Expression.Keyword keyword) {
        return switch (keyword) {
            case NULL -> value + " IS NULL";
            case EMPTY -> value + " = ''";
            case WHITESPACES_ONLY -> "(length(" + value + ") > 0 AND trim(" + value + ") = '')";
        };
    }

    /** A literal Spark compares with the column: numbers, strings (Spark casts dates), timestamps. */
    private String literal(Expression expression) {
        if (expression instanceof Expression.NumberLiteral n) {
            return n.value().toPlainString();
        }
        if (expression instanceof Expression.StringLiteral s) {
            return SqlText.string(s.value());
        }
        if (expression instanceof Expression.Now) {
            return SqlText.timestamp(now);
        }
        if (expression instanceof Expression.Arithmetic a && a.left() instanceof Expression.Now
                && a.right() instanceof Expression.DurationLiteral d) {
            Duration shift = duration(d);
            return SqlText.timestamp(a.operator() == Expression.ArithmeticOperator.ADD ? now.plus(shift)
                    : now.minus(shift));
        }
        return Double.toString(conditions.number(expression, null));
    }

    static Duration duration(Expression.DurationLiteral d) {
        long amount = d.amount().longValueExact();
        return switch (d.unit()) {
            case DAYS -> Duration.ofDays(amount);
            case HOURS -> Duration.ofHours(amount);
            case MINUTES -> Duration.ofMinutes(amount);
        };
    }
}

package io.steward.masking;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A row filter of an access policy: a predicate over a dataset's own columns, such as
 * {@code region = 'EU' AND (status IN ('PAID', 'SHIPPED') OR amount < 100)}. It is parsed into
 * this tree, checked against the dataset's columns, and applied as a tree (to Spark columns,
 * or to values): its text is never pasted into SQL.
 *
 * <p>Grammar: OR of ANDs of [NOT] comparisons or parenthesised filters; a comparison is
 * {@code column op value} (op one of = != <> < <= > >=), {@code column [NOT] IN (value, ...)} or
 * {@code column IS [NOT] NULL}; a value is a 'string' (with '' for a quote), a number, TRUE or
 * FALSE; a column is a name or a "quoted name". Keywords are case-insensitive.
 */
public sealed interface RowFilter {

    record And(List<RowFilter> parts) implements RowFilter {
        public And {
            parts = List.copyOf(parts);
        }
    }

    record Or(List<RowFilter> parts) implements RowFilter {
        public Or {
            parts = List.copyOf(parts);
        }
    }

    record Not(RowFilter filter) implements RowFilter {
        public Not {
            requireNonNull(filter, "filter");
        }
    }

    /** column op value; op is one of = != < <= > >=. */
    record Compare(String column, String op, Object value) implements RowFilter {
        public Compare {
            requireNonNull(column, "column");
            requireNonNull(op, "op");
            requireNonNull(value, "value");
        }
    }

    record In(String column, List<Object> values, boolean negated) implements RowFilter {
        public In {
            requireNonNull(column, "column");
            values = List.copyOf(values);
        }
    }

    record IsNull(String column, boolean negated) implements RowFilter {
        public IsNull {
            requireNonNull(column, "column");
        }
    }

    /** A filter that does not parse, or names a column the dataset lacks; position is 1-based. */
    final class InvalidFilter extends IllegalArgumentException {
        private final int position;

        InvalidFilter(int position, String message) {
            super("row filter, column " + position + ": " + message);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    /** Parses a filter; columns, if not null, are the names it may use. */
    static RowFilter parse(String text, Set<String> columns) {
        RowFilter filter = new Parser(text == null ? "" : text).parse();
        if (columns != null) {
            for (String column : filter.columns()) {
                if (!columns.contains(column)) {
                    throw new InvalidFilter(text.indexOf(column) + 1, "no column '" + column + "' in the dataset ("
                            + columns.stream().sorted().collect(Collectors.joining(", ")) + ")");
                }
            }
        }
        return filter;
    }

    /** The columns the filter reads. */
    default Set<String> columns() {
        Set<String> names = new java.util.TreeSet<>();
        collect(this, names);
        return names;
    }

    private static void collect(RowFilter filter, Set<String> names) {
        if (filter instanceof And and) {
            and.parts().forEach(p -> collect(p, names));
        } else if (filter instanceof Or or) {
            or.parts().forEach(p -> collect(p, names));
        } else if (filter instanceof Not not) {
            collect(not.filter(), names);
        } else if (filter instanceof Compare compare) {
            names.add(compare.column());
        } else if (filter instanceof In in) {
            names.add(in.column());
        } else if (filter instanceof IsNull isNull) {
            names.add(isNull.column());
        }
    }

    /**
     * Whether a row passes, its values by column name (text, numbers or booleans; null for NULL):
     * for readers without Spark. A number literal compares numerically with a value that reads
     * as a number; anything compared with NULL is false, as in SQL.
     */
    default boolean matches(java.util.Map<String, ?> row) {
        if (this instanceof And and) {
            return and.parts().stream().allMatch(p -> p.matches(row));
        }
        if (this instanceof Or or) {
            return or.parts().stream().anyMatch(p -> p.matches(row));
        }
        if (this instanceof Not not) {
            return !not.filter().matches(row);
        }
        if (this instanceof IsNull isNull) {
            return (row.get(isNull.column()) == null) != isNull.negated();
        }
        if (this instanceof In in) {
            Object value = row.get(in.column());
            return value != null && in.values().stream().anyMatch(v -> Parser.compare(value, v) == 0) != in.negated();
        }
        Compare compare = (Compare) this;
        Object value = row.get(compare.column());
        if (value == null) {
            return false;
        }
        int order = Parser.compare(value, compare.value());
        return switch (compare.op()) {
            case "=" -> order == 0;
            case "!=" -> order != 0;
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }

    /** The canonical text: keywords upper-case, every AND/OR group parenthesised inside another. */
    default String format() {
        return Parser.format(this, false);
    }

    /** A recursive-descent parser over a hand-written tokenizer: the filter language is tiny. */
    final class Parser {
        private static final Set<String> OPS = Set.of("=", "!=", "<>", "<", "<=", ">", ">=");
        private final String text;
        private int at;

        private Parser(String text) {
            this.text = text;
        }

        RowFilter parse() {
            skipSpace();
            if (at >= text.length()) {
                throw new InvalidFilter(1, "the filter is empty");
            }
            RowFilter filter = or();
            skipSpace();
            if (at < text.length()) {
                throw new InvalidFilter(at + 1, "unexpected '" + text.substring(at, Math.min(text.length(), at + 10))
                        + "'; expected AND, OR or the end");
            }
            return filter;
        }

        private RowFilter or() {
            List<RowFilter> parts = new ArrayList<>(List.of(and()));
            while (keyword("OR")) {
                parts.add(and());
            }
            return parts.size() == 1 ? parts.get(0) : new Or(parts);
        }

        private RowFilter and() {
            List<RowFilter> parts = new ArrayList<>(List.of(unary()));
            while (keyword("AND")) {
                parts.add(unary());
            }
            return parts.size() == 1 ? parts.get(0) : new And(parts);
        }

        private RowFilter unary() {
            if (keyword("NOT")) {
                return new Not(unary());
            }
            skipSpace();
            if (peek() == '(') {
                at++;
                RowFilter inner = or();
                expect(')');
                return inner;
            }
            return comparison();
        }

        private RowFilter comparison() {
            String column = column();
            if (keyword("IS")) {
                boolean negated = keyword("NOT");
                if (!keyword("NULL")) {
                    throw new InvalidFilter(at + 1, "expected NULL after IS");
                }
                return new IsNull(column, negated);
            }
            boolean negated = keyword("NOT");
            if (keyword("IN")) {
                expect('(');
                List<Object> values = new ArrayList<>(List.of(value()));
                skipSpace();
                while (peek() == ',') {
                    at++;
                    values.add(value());
                    skipSpace();
                }
                expect(')');
                return new In(column, values, negated);
            }
            if (negated) {
                throw new InvalidFilter(at + 1, "expected IN after NOT");
            }
            skipSpace();
            int start = at;
            while (at < text.length() && "=!<>".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String op = text.substring(start, at);
            if (!OPS.contains(op)) {
                throw new InvalidFilter(start + 1, "expected a comparison (= != < <= > >=), IN or IS after '"
                        + column + "'");
            }
            return new Compare(column, op.equals("<>") ? "!=" : op, value());
        }

        private String column() {
            skipSpace();
            int start = at;
            if (peek() == '"') {
                int end = text.indexOf('"', at + 1);
                if (end < 0) {
                    throw new InvalidFilter(start + 1, "unterminated quoted column name");
                }
                at = end + 1;
                return text.substring(start + 1, end);
            }
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            if (at == start || Character.isDigit(text.charAt(start))) {
                throw new InvalidFilter(start + 1, "expected a column name");
            }
            return text.substring(start, at);
        }

        private Object value() {
            skipSpace();
            int start = at;
            if (peek() == '\'') {
                StringBuilder value = new StringBuilder();
                at++;
                while (true) {
                    if (at >= text.length()) {
                        throw new InvalidFilter(start + 1, "unterminated string");
                    }
                    char c = text.charAt(at++);
                    if (c == '\'') {
                        if (peek() == '\'') {
                            value.append('\'');
                            at++;
                            continue;
                        }
                        return value.toString();
                    }
                    value.append(c);
                }
            }
            if (keyword("TRUE")) {
                return Boolean.TRUE;
            }
            if (keyword("FALSE")) {
                return Boolean.FALSE;
            }
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || "+-.eE".indexOf(text.charAt(at)) >= 0)) {
                at++;
            }
            try {
                return new BigDecimal(text.substring(start, at)).stripTrailingZeros(); // 1e2 and 100 are one value
            } catch (NumberFormatException e) {
                throw new InvalidFilter(start + 1, "expected a value: a 'string', a number, TRUE or FALSE");
            }
        }

        private boolean keyword(String word) {
            skipSpace();
            int end = at + word.length();
            if (end <= text.length() && text.substring(at, end).equalsIgnoreCase(word)
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_')) {
                at = end;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw new InvalidFilter(at + 1, "expected '" + c + "'");
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        /** A value against a literal: numerically when both read as numbers, else as text. */
        static int compare(Object value, Object literal) {
            if (literal instanceof BigDecimal number) {
                try {
                    return new BigDecimal(value.toString().strip()).compareTo(number);
                } catch (NumberFormatException e) {
                    return value.toString().compareTo(number.toPlainString());
                }
            }
            if (literal instanceof Boolean flag) {
                return Boolean.compare(Boolean.parseBoolean(value.toString()), flag);
            }
            return value.toString().compareTo(literal.toString());
        }

        static String format(RowFilter filter, boolean nested) {
            if (filter instanceof And and) {
                String joined = and.parts().stream().map(p -> format(p, true)).collect(Collectors.joining(" AND "));
                return nested ? "(" + joined + ")" : joined;
            }
            if (filter instanceof Or or) {
                String joined = or.parts().stream().map(p -> format(p, true)).collect(Collectors.joining(" OR "));
                return nested ? "(" + joined + ")" : joined;
            }
            if (filter instanceof Not not) {
                return "NOT " + format(not.filter(), true);
            }
            if (filter instanceof Compare compare) {
                return name(compare.column()) + " " + compare.op() + " " + literal(compare.value());
            }
            if (filter instanceof In in) {
                return name(in.column()) + (in.negated() ? " NOT IN (" : " IN (")
                        + in.values().stream().map(Parser::literal).collect(Collectors.joining(", ")) + ")";
            }
            IsNull isNull = (IsNull) filter;
            return name(isNull.column()) + (isNull.negated() ? " IS NOT NULL" : " IS NULL");
        }

        private static String name(String column) {
            return column.matches("[A-Za-z_][A-Za-z0-9_]*") && !Set.of("AND", "OR", "NOT", "IN", "IS", "NULL", "TRUE",
                    "FALSE").contains(column.toUpperCase(Locale.ROOT)) ? column : "\"" + column + "\"";
        }

        private static String literal(Object value) {
            if (value instanceof String text) {
                return "'" + text.replace("'", "''") + "'";
            }
            if (value instanceof BigDecimal number) {
                return number.toPlainString();
            }
            return value.toString().toUpperCase(Locale.ROOT);
        }
    }
}

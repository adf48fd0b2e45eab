package io.steward.masking;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

import java.util.List;

/**
 * A row filter as a Spark column expression, built node by node from the parsed tree: values
 * become literals, columns column references; no text of the filter reaches a SQL parser.
 */
public final class SparkRowFilter {

    private SparkRowFilter() {
    }

    public static Column toColumn(RowFilter filter) {
        if (filter instanceof RowFilter.And and) {
            return combine(and.parts(), true);
        }
        if (filter instanceof RowFilter.Or or) {
            return combine(or.parts(), false);
        }
        if (filter instanceof RowFilter.Not not) {
            return functions.not(toColumn(not.filter()));
        }
        if (filter instanceof RowFilter.IsNull isNull) {
            Column column = column(isNull.column());
            return isNull.negated() ? column.isNotNull() : column.isNull();
        }
        if (filter instanceof RowFilter.In in) {
            Column test = column(in.column()).isin(in.values().toArray());
            return in.negated() ? functions.not(test) : test;
        }
        RowFilter.Compare compare = (RowFilter.Compare) filter;
        Column column = column(compare.column());
        Column value = functions.lit(compare.value());
        return switch (compare.op()) {
            case "=" -> column.equalTo(value);
            case "!=" -> column.notEqual(value);
            case "<" -> column.lt(value);
            case "<=" -> column.leq(value);
            case ">" -> column.gt(value);
            case ">=" -> column.geq(value);
            default -> throw new IllegalArgumentException("unknown comparison " + compare.op());
        };
    }

    private static Column combine(List<RowFilter> parts, boolean and) {
        Column combined = toColumn(parts.get(0));
        for (RowFilter part : parts.subList(1, parts.size())) {
            combined = and ? combined.and(toColumn(part)) : combined.or(toColumn(part));
        }
        return combined;
    }

    /** A reference to the column itself: backticks keep dots and spaces from meaning structs or syntax. */
    private static Column column(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }
}

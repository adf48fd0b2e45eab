package io.steward.masking;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies an access decision to a dataset before any row leaves: the row filter first (on the
 * raw values, so it may test columns the caller cannot see), then only the allowed and masked
 * columns, the masked ones through their transform. A denied column is never selected.
 */
public final class ProtectedRead {

    /** Asked for a column the caller may not see. */
    public static final class DeniedColumn extends RuntimeException {
        DeniedColumn(String message) {
            super(message);
        }
    }

    private ProtectedRead() {
    }

    /**
     * @param requested the columns asked for (empty: every column the caller may see)
     * @param key       for HASH and TOKENIZE masks
     * @throws DeniedColumn naming a requested column the decision denies, and why
     */
    public static Dataset<Row> apply(Dataset<Row> data, AccessDecision decision, List<String> requested,
                                     Optional<MaskingKey> key) {
        for (String name : requested) {
            AccessDecision.Column column = find(decision, name);
            if (column.kind() == AccessDecision.Kind.DENY) {
                throw new DeniedColumn("column " + name + " of " + decision.dataset() + " is denied to you: "
                        + column.reason());
            }
        }
        Set<String> present = Set.of(data.columns());
        Dataset<Row> rows = decision.rowFilter().map(text -> data.filter(SparkRowFilter.toColumn(
                RowFilter.parse(text, present)))).orElse(data);
        List<Column> selected = new ArrayList<>();
        // Unasked, every decided column the data has; a column the decision does not name (the
        // catalog has not seen it yet) is never read.
        List<String> names = requested.isEmpty()
                ? decision.columns().stream().map(AccessDecision.Column::name).filter(present::contains).toList()
                : requested;
        for (String name : names) {
            AccessDecision.Column column = find(decision, name);
            Column reference = rows.col("`" + name.replace("`", "``") + "`");
            switch (column.kind()) {
                case ALLOW -> selected.add(reference);
                case MASK -> selected.add(SparkMasking.mask(TransformSpec.parse(column.transform().orElseThrow(),
                        column.entityType().orElse("REDACTED"), key), reference).as(name));
                case DENY -> {
                    // never selected
                }
            }
        }
        return rows.select(selected.toArray(Column[]::new));
    }

    private static AccessDecision.Column find(AccessDecision decision, String name) {
        return decision.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new DeniedColumn("the decision on " + decision.dataset() + " says nothing of column "
                        + name + "; it is not read"));
    }
}

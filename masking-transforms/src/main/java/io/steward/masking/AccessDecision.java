package io.steward.masking;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The policy service's decision for one caller on one dataset, as enforced where the data is
 * read: per column allow, mask (with a transform) or deny, and the rows the caller may see.
 */
public record AccessDecision(String dataset, List<Column> columns, Optional<String> rowFilter) {

    public enum Kind { ALLOW, MASK, DENY }

    /** One column's decision; transform and entity type only for MASK. */
    public record Column(String name, Kind kind, Optional<String> transform, Optional<String> entityType,
                         String reason) {
        public Column {
            requireNonNull(name, "name");
            requireNonNull(kind, "kind");
            requireNonNull(transform, "transform");
            requireNonNull(entityType, "entityType");
            if (kind == Kind.MASK && transform.isEmpty()) {
                throw new IllegalArgumentException("column " + name + " is masked without a transform");
            }
        }
    }

    public AccessDecision {
        requireNonNull(dataset, "dataset");
        columns = List.copyOf(columns);
        requireNonNull(rowFilter, "rowFilter");
    }
}

package io.steward.pii;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A column's entity types, those whose share of non-null values passed the threshold, most common
 * first; and whether it is free text (its values hold PII among other words, so only the spans
 * should be masked, not whole values).
 */
public record ColumnClassification(String column, long valuesSeen, long nonNull, List<EntityShare> entities,
                                   boolean freeText) {
    public ColumnClassification {
        requireNonNull(column, "column");
        entities = List.copyOf(entities);
    }
}

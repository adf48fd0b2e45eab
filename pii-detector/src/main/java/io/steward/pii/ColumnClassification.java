package io.steward.pii;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A column's entity types, those whose share of non-null values passed the threshold, most common first. */
public record ColumnClassification(String column, long valuesSeen, long nonNull, List<EntityShare> entities) {
    public ColumnClassification {
        requireNonNull(column, "column");
        entities = List.copyOf(entities);
    }
}

package io.steward.pii;

import static java.util.Objects.requireNonNull;

/**
 * How much of a column holds one entity type.
 *
 * @param fraction the share of non-null values with at least one finding of the type
 * @param score    the mean, over those values, of their most certain finding's score
 * @param rows     how many values had a finding of the type
 */
public record EntityShare(EntityType type, double fraction, double score, long rows) {
    public EntityShare {
        requireNonNull(type, "type");
    }
}

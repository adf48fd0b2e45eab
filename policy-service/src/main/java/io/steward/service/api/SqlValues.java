package io.steward.service.api;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Values of native query rows, as the reactive PostgreSQL client hands them over. */
public final class SqlValues {

    private SqlValues() {
    }

    /** A timestamp column's value (timestamptz comes as OffsetDateTime) as an Instant; null stays null. */
    public static Instant instant(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return value instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) value;
    }
}

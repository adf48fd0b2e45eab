package io.steward.dqdl.ast;

import static java.util.Objects.requireNonNull;

/**
 * A rule or analyzer parameter: {@code "col"}, {@code $variable}, or a bare word after
 * {@code of}, optionally introduced by the connector words {@code of} / {@code and}.
 */
public record Parameter(Connector connector, Kind kind, String value, Position position) {

    public enum Connector { NONE, OF, AND }

    public enum Kind {
        /** {@code "text"}, value is the decoded text. */
        QUOTED,
        /** a bare word such as {@code RowCount} in {@code DetectAnomalies of RowCount}. */
        WORD,
        /** {@code $name}, value is the name without the dollar sign. */
        VARIABLE
    }

    public Parameter {
        requireNonNull(connector, "connector");
        requireNonNull(kind, "kind");
        requireNonNull(value, "value");
        requireNonNull(position, "position");
    }

    public static Parameter quoted(String value) {
        return new Parameter(Connector.NONE, Kind.QUOTED, value, Position.NONE);
    }
}

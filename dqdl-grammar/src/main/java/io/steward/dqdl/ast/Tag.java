package io.steward.dqdl.ast;

import static java.util.Objects.requireNonNull;

/** {@code with threshold > 0.9} or {@code with name = "value"}. */
public record Tag(String name, Condition condition, Position position) {
    public static final String THRESHOLD = "threshold";

    public Tag {
        requireNonNull(name, "name");
        requireNonNull(condition, "condition");
        requireNonNull(position, "position");
    }

    public boolean isThreshold() {
        return name.equalsIgnoreCase(THRESHOLD);
    }
}

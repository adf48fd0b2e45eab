package io.steward.dqdl.ast;

import static java.util.Objects.requireNonNull;

/** {@code "key" = "value"} inside {@code labels = [...]} or {@code DefaultLabels = [...]}. */
public record Label(String key, String value, Position position) {
    public Label {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        requireNonNull(position, "position");
    }
}

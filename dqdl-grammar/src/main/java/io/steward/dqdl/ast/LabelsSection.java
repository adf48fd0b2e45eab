package io.steward.dqdl.ast;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code DefaultLabels = [...]}: labels every rule carries unless it overrides the key. */
public record LabelsSection(List<Label> labels, Comments comments, Position position) {
    public LabelsSection {
        labels = List.copyOf(labels);
        requireNonNull(comments, "comments");
        requireNonNull(position, "position");
    }
}

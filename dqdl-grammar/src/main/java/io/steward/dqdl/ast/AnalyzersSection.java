package io.steward.dqdl.ast;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code Analyzers = [...]}: metrics to compute without a pass/fail condition. */
public record AnalyzersSection(List<Analyzer> analyzers, Comments comments, List<String> danglingComments,
                               Position position) {
    public AnalyzersSection {
        analyzers = List.copyOf(analyzers);
        requireNonNull(comments, "comments");
        danglingComments = List.copyOf(danglingComments);
        requireNonNull(position, "position");
    }
}

package io.steward.dqdl.ast;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code Rules = [...]}; {@code danglingComments} are those after the last rule. */
public record RulesSection(List<RuleEntry> entries, Comments comments, List<String> danglingComments,
                           Position position) {
    public RulesSection {
        entries = List.copyOf(entries);
        requireNonNull(comments, "comments");
        danglingComments = List.copyOf(danglingComments);
        requireNonNull(position, "position");
    }
}

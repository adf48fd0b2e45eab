package io.steward.dqdl.ast;

import static java.util.Objects.requireNonNull;

/** One comma-separated item of the Rules list: a rule or a composite, with its comments. */
public record RuleEntry(RuleNode rule, Comments comments) {
    public RuleEntry {
        requireNonNull(rule, "rule");
        requireNonNull(comments, "comments");
    }
}

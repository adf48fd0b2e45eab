package io.steward.dqdl.ast;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code (A) and (B)} or {@code (A) or (B)}; chains nest to the left. */
public record CompositeRule(Operator operator, RuleNode left, RuleNode right, List<Label> labels,
                            Position position) implements RuleNode {

    public enum Operator {
        AND, OR;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CompositeRule {
        requireNonNull(operator, "operator");
        requireNonNull(left, "left");
        requireNonNull(right, "right");
        labels = List.copyOf(labels);
        requireNonNull(position, "position");
    }
}

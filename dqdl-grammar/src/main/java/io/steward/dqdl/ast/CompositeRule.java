package io.steward.dqdl.ast;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * {@code (A) and (B) and (C)} or {@code (A) or (B)}: two or more rules joined by one operator.
 * Chains of the same operator are one node (and / or are associative), so a long chain is a
 * wide node, not a deep tree; mixing operators nests, as parentheses or precedence say.
 */
public record CompositeRule(Operator operator, List<RuleNode> operands, List<Label> labels,
                            Position position) implements RuleNode {

    public enum Operator {
        AND, OR;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CompositeRule {
        requireNonNull(operator, "operator");
        operands = List.copyOf(operands);
        if (operands.size() < 2) {
            throw new IllegalArgumentException("a composite rule joins at least two rules");
        }
        labels = List.copyOf(labels);
        requireNonNull(position, "position");
    }
}

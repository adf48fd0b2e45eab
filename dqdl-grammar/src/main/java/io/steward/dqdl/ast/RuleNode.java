package io.steward.dqdl.ast;

import java.util.List;

/** A rule, or rules combined with {@code and} / {@code or}. */
public sealed interface RuleNode permits Rule, CompositeRule {

    Position position();

    List<Label> labels();
}

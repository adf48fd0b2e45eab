package io.steward.dqdl;

import io.steward.dqdl.ast.Ruleset;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of parsing: a ruleset when the text is syntactically sound (it may still have
 * semantic errors), and every error found, in source order.
 */
public record ParseResult(Optional<Ruleset> ruleset, List<Diagnostic> errors) {

    public ParseResult {
        requireNonNull(ruleset, "ruleset");
        errors = errors.stream().sorted(Diagnostic.BY_POSITION).toList();
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** The ruleset of a valid document; throws with the first error otherwise. */
    public Ruleset orElseThrow() {
        if (!isValid()) {
            throw new InvalidRulesetException(errors);
        }
        return ruleset.orElseThrow();
    }
}

package io.steward.dqdl;

import java.util.List;

/** Thrown by {@link ParseResult#orElseThrow()} for callers that only accept valid rulesets. */
public final class InvalidRulesetException extends RuntimeException {

    private final List<Diagnostic> errors;

    public InvalidRulesetException(List<Diagnostic> errors) {
        super(errors.isEmpty() ? "invalid ruleset" : errors.get(0) + (errors.size() > 1
                ? " (and " + (errors.size() - 1) + " more)" : ""));
        this.errors = List.copyOf(errors);
    }

    public List<Diagnostic> errors() {
        return errors;
    }
}

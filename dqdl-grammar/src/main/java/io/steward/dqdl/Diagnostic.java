package io.steward.dqdl;

import io.steward.dqdl.ast.Position;

import java.util.Comparator;

import static java.util.Objects.requireNonNull;

/** An error in a ruleset, at a 1-based line and column, with a message a person can act on. */
public record Diagnostic(int line, int column, String message) {

    public static final Comparator<Diagnostic> BY_POSITION =
            Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column);

    public Diagnostic {
        requireNonNull(message, "message");
    }

    static Diagnostic at(Position position, String message) {
        return new Diagnostic(position.line(), position.column(), message);
    }

    /** {@code FILE:LINE:COL: error: MESSAGE}, the command-line contract's error line. */
    public String format(String source) {
        return source + ":" + line + ":" + column + ": error: " + message;
    }

    @Override
    public String toString() {
        return "line " + line + ":" + column + ": " + message;
    }
}

package io.steward.pii;

/** Checks a pattern match beyond its shape: a checksum, a reserved range, a registry of prefixes. */
@FunctionalInterface
public interface Validator {

    enum Verdict {
        /** The check passed: the match is almost certainly of the type. */
        VALID,
        /** The check failed: not of the type, whatever its shape. */
        INVALID,
        /** No check applies: the pattern's score stands. */
        UNKNOWN
    }

    Verdict check(String match);

    Validator NONE = match -> Verdict.UNKNOWN;

    static Verdict of(boolean valid) {
        return valid ? Verdict.VALID : Verdict.INVALID;
    }
}

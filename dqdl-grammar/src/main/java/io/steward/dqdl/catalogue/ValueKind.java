package io.steward.dqdl.catalogue;

/** What a rule measures, and so which conditions it takes. */
public enum ValueKind {
    NUMBER, BOOLEAN, STRING, DATE, DURATION, SIZE
}

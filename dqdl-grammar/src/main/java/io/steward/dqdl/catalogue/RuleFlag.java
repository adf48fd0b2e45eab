package io.steward.dqdl.catalogue;

import java.util.Locale;

/** Clauses and sections a rule type allows; see rule-types.tsv. */
public enum RuleFlag {
    WHERE, THRESHOLD, ANALYZER, ANALYZER_ONLY, OPTIONAL_CONDITION;

    static RuleFlag parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}

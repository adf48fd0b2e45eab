package io.steward.pii;

import java.util.List;

/** Finds one kind of personal data in a text. Implementations are immutable and thread-safe. */
public interface Recognizer {

    EntityType type();

    /** A short name for explanations, e.g. "CreditCardRecognizer". */
    String name();

    List<Finding> analyze(String text, Context context);

    /**
     * False when the text cannot hold a match, judged from its shape alone (too few digits, no
     * '@'); the analyzer then skips {@link #analyze}. Must never be false for a text that matches.
     */
    default boolean mayMatch(TextShape shape) {
        return true;
    }
}

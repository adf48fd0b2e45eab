package io.steward.pii;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Why a span was found and scored as it was: the recognizer and pattern that matched, what the
 * validator said (empty when the type has none), and the context words that raised the score.
 */
public record Explanation(String recognizer, String pattern, double patternScore, Optional<Boolean> validated,
                          List<String> context, double contextBoost) {
    public Explanation {
        requireNonNull(recognizer, "recognizer");
        requireNonNull(pattern, "pattern");
        requireNonNull(validated, "validated");
        context = List.copyOf(context);
    }

    /** One line for people: "CreditCardRecognizer: pattern 'cards' (0.3), Luhn valid, context 'card' (+0.35)". */
    public String describe() {
        StringBuilder text = new StringBuilder(recognizer).append(": pattern '").append(pattern).append("' (")
                .append(patternScore).append(')');
        validated.ifPresent(v -> text.append(v ? ", validated" : ", failed validation"));
        if (!context.isEmpty()) {
            text.append(", context ").append(String.join(", ", context)).append(" (+").append(contextBoost).append(')');
        }
        return text.toString();
    }
}

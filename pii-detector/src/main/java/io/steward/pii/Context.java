package io.steward.pii;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What is known around a value besides its text: today the name of its column, with its words
 * ("customerPhone" gives "customer", "phone") split once rather than for every finding.
 */
public record Context(Optional<String> columnName, List<String> columnWords) {

    public static final Context NONE = new Context(Optional.empty(), List.of());

    public Context {
        requireNonNull(columnName, "columnName");
        columnWords = List.copyOf(columnWords);
    }

    public static Context column(String name) {
        return new Context(Optional.of(name), ContextWords.words(name));
    }
}

package io.steward.pii;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What is known around a value besides its text: today the name of its column. */
public record Context(Optional<String> columnName) {

    public static final Context NONE = new Context(Optional.empty());

    public Context {
        requireNonNull(columnName, "columnName");
    }

    public static Context column(String name) {
        return new Context(Optional.of(name));
    }
}

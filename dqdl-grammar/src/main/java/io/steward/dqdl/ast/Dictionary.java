package io.steward.dqdl.ast;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A {@code Metadata = {...}} or {@code DataSources = {...}} section. */
public record Dictionary(List<Entry> entries, Comments comments, Position position) {

    public Dictionary {
        entries = List.copyOf(entries);
        requireNonNull(comments, "comments");
        requireNonNull(position, "position");
    }

    public Optional<Entry> entry(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** {@code "key": "value"} or {@code "key": ["a", "b"]}: exactly one of the two is present. */
    public record Entry(String key, Optional<String> value, Optional<List<String>> values, Position position) {
        public Entry {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
            values = values.map(List::copyOf);
            if (value.isPresent() == values.isPresent()) {
                throw new IllegalArgumentException("an entry holds either one string or a list");
            }
            requireNonNull(position, "position");
        }
    }
}

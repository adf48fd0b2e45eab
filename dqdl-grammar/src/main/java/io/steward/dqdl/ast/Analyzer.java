package io.steward.dqdl.ast;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code AllStatistics "col"}: an analyzer type and its parameters. */
public record Analyzer(String type, List<Parameter> parameters, Comments comments, Position position) {
    public Analyzer {
        requireNonNull(type, "type");
        parameters = List.copyOf(parameters);
        requireNonNull(comments, "comments");
        requireNonNull(position, "position");
    }
}

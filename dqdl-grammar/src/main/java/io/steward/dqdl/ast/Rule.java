package io.steward.dqdl.ast;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code RuleType params... [condition] [where "..."] [labels = [...]] [with key cond]...}.
 *
 * @param where the Spark SQL filter of a {@code where "..."} clause
 */
public record Rule(
        String type,
        List<Parameter> parameters,
        Optional<Condition> condition,
        Optional<String> where,
        List<Label> labels,
        List<Tag> tags,
        Position position) implements RuleNode {

    public Rule {
        requireNonNull(type, "type");
        parameters = List.copyOf(parameters);
        requireNonNull(condition, "condition");
        requireNonNull(where, "where");
        labels = List.copyOf(labels);
        tags = List.copyOf(tags);
        requireNonNull(position, "position");
    }

    public Optional<Tag> tag(String name) {
        return tags.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}

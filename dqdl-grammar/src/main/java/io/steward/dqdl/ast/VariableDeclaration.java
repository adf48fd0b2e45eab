package io.steward.dqdl.ast;

import static java.util.Objects.requireNonNull;

/**
 * {@code name = value}: a value is a literal or a {@link Expression.ListLiteral}; rules refer to
 * it as {@code $name}.
 */
public record VariableDeclaration(String name, Expression value, Comments comments, Position position) {
    public VariableDeclaration {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        requireNonNull(comments, "comments");
        requireNonNull(position, "position");
    }
}

package io.steward.dqdl.catalogue;

import static java.util.Objects.requireNonNull;

/** One declared parameter of a rule type: {@code column}, {@code column+}, {@code path?}. */
public record ParameterSpec(String name, Arity arity) {

    public enum Arity { ONE, OPTIONAL, ONE_OR_MORE }

    public ParameterSpec {
        requireNonNull(name, "name");
        requireNonNull(arity, "arity");
    }

    static ParameterSpec parse(String text) {
        if (text.endsWith("+")) {
            return new ParameterSpec(text.substring(0, text.length() - 1), Arity.ONE_OR_MORE);
        }
        if (text.endsWith("?")) {
            return new ParameterSpec(text.substring(0, text.length() - 1), Arity.OPTIONAL);
        }
        return new ParameterSpec(text, Arity.ONE);
    }

    @Override
    public String toString() {
        return switch (arity) {
            case ONE -> name;
            case OPTIONAL -> "[" + name + "]";
            case ONE_OR_MORE -> name + "...";
        };
    }
}

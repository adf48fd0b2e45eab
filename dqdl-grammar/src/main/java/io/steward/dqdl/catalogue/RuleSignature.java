package io.steward.dqdl.catalogue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** One line of the catalogue: a rule type with one parameter list. */
public record RuleSignature(String name, List<ParameterSpec> parameters, List<ValueKind> returns,
                            Set<RuleFlag> flags, String description) {

    public RuleSignature {
        requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
        returns = List.copyOf(returns);
        flags = Set.copyOf(flags);
        requireNonNull(description, "description");
        if (returns.isEmpty()) {
            throw new IllegalArgumentException(name + ": a rule type must return something");
        }
    }

    public boolean has(RuleFlag flag) {
        return flags.contains(flag);
    }

    public int minParameters() {
        return (int) parameters.stream().filter(p -> p.arity() != ParameterSpec.Arity.OPTIONAL).count();
    }

    /** Integer.MAX_VALUE when the last parameter repeats. */
    public int maxParameters() {
        return parameters.stream().anyMatch(p -> p.arity() == ParameterSpec.Arity.ONE_OR_MORE)
                ? Integer.MAX_VALUE : parameters.size();
    }

    public boolean acceptsParameterCount(int count) {
        return count >= minParameters() && count <= maxParameters();
    }

    /** Rules whose only result is true/false take no condition. */
    public boolean takesCondition() {
        return !(returns.size() == 1 && returns.get(0) == ValueKind.BOOLEAN);
    }

    public boolean requiresCondition() {
        return takesCondition() && !has(RuleFlag.OPTIONAL_CONDITION);
    }

    /** {@code ColumnCorrelation column column}, for messages and help. */
    public String usage() {
        return parameters.isEmpty() ? name
                : name + " " + parameters.stream().map(ParameterSpec::toString).collect(Collectors.joining(" "));
    }
}

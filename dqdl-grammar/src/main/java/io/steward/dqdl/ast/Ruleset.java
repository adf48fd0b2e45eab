package io.steward.dqdl.ast;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A parsed DQDL document. Sections appear in the canonical order
 * Metadata, DataSources, variables, DefaultLabels, Rules, Analyzers.
 *
 * @param trailingComments comments after the last section
 */
public record Ruleset(
        Optional<Dictionary> metadata,
        Optional<Dictionary> dataSources,
        List<VariableDeclaration> variables,
        Optional<LabelsSection> defaultLabels,
        Optional<RulesSection> rules,
        Optional<AnalyzersSection> analyzers,
        List<String> trailingComments) {

    public Ruleset {
        requireNonNull(metadata, "metadata");
        requireNonNull(dataSources, "dataSources");
        variables = List.copyOf(variables);
        requireNonNull(defaultLabels, "defaultLabels");
        requireNonNull(rules, "rules");
        requireNonNull(analyzers, "analyzers");
        trailingComments = List.copyOf(trailingComments);
    }

    /** The top-level rules, or none when the document has no Rules section. */
    public List<RuleEntry> ruleEntries() {
        return rules.map(RulesSection::entries).orElse(List.of());
    }

    public Optional<VariableDeclaration> variable(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}

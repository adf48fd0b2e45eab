package io.steward.dqdl.catalogue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rule types DQDL knows, read from {@code rule-types.tsv}: adding a rule type is a line of
 * data, not code. A type may have several signatures that differ in parameter count.
 */
public final class RuleCatalogue {

    private static final String RESOURCE = "rule-types.tsv";
    private static final RuleCatalogue STANDARD = load();

    private final Map<String, List<RuleSignature>> byName;

    private RuleCatalogue(Map<String, List<RuleSignature>> byName) {
        this.byName = byName;
    }

    public static RuleCatalogue standard() {
        return STANDARD;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** All signatures of a type, empty when the type is unknown. */
    public List<RuleSignature> signatures(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The signature of a type that takes this many parameters. */
    public Optional<RuleSignature> signature(String name, int parameterCount) {
        return signatures(name).stream().filter(s -> s.acceptsParameterCount(parameterCount)).findFirst();
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public boolean isAnalyzer(String name) {
        return signatures(name).stream().anyMatch(s -> s.has(RuleFlag.ANALYZER) || s.has(RuleFlag.ANALYZER_ONLY));
    }

    public boolean isAnalyzerOnly(String name) {
        return !signatures(name).isEmpty() && signatures(name).stream().allMatch(s -> s.has(RuleFlag.ANALYZER_ONLY));
    }

    private static RuleCatalogue load() {
        try (InputStream in = RuleCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static RuleCatalogue parse(List<String> lines) {
        Map<String, List<RuleSignature>> byName = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t");
            if (columns.length != 5) {
                throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": expected 5 tab-separated columns");
            }
            List<ParameterSpec> parameters = columns[1].equals("-") ? List.of()
                    : Arrays.stream(columns[1].split(" ")).map(ParameterSpec::parse).toList();
            List<ValueKind> returns = Arrays.stream(columns[2].split("\\|")).map(ValueKind::valueOf).toList();
            Set<RuleFlag> flags = EnumSet.noneOf(RuleFlag.class);
            if (!columns[3].equals("-")) {
                Arrays.stream(columns[3].split(",")).map(RuleFlag::parse).forEach(flags::add);
            }
            byName.computeIfAbsent(columns[0], k -> new ArrayList<>())
                    .add(new RuleSignature(columns[0], parameters, returns, flags, columns[4]));
        }
        byName.replaceAll((name, list) -> List.copyOf(list));
        return new RuleCatalogue(Collections.unmodifiableMap(byName));
    }
}

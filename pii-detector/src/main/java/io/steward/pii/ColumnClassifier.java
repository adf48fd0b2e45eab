package io.steward.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a column by the share of its values that hold each entity type, as AWS Glue's
 * Detect PII does (a column is tagged when the share passes a threshold), with Presidio-style
 * validated and context-scored findings per value. A column can hold several types.
 */
public final class ColumnClassifier {

    /** AWS Glue's default: a type is tagged when at least 10% of the values hold it. */
    public static final double DEFAULT_THRESHOLD = 0.1;
    /** Findings below this score do not count: a bare nine-digit number is not a passport. */
    public static final double DEFAULT_MINIMUM_SCORE = 0.4;

    /**
     * Values whose findings leave at least this many words around them, on average, are free text
     * ("Please send the invoice to jane@example.com by Friday"); a full address leaves two or fewer.
     */
    static final double FREE_TEXT_WORDS = 3;
    private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");

    /** A span found in one value, for free-text findings. */
    public record SpanFinding(long row, String column, Finding finding) {
    }

    private final PiiAnalyzer analyzer;
    private final double threshold;
    private final double minimumScore;

    public ColumnClassifier(PiiAnalyzer analyzer, double threshold, double minimumScore) {
        if (threshold <= 0 || threshold > 1) {
            throw new IllegalArgumentException("the threshold is a share of values in (0, 1], found " + threshold);
        }
        this.analyzer = analyzer;
        this.threshold = threshold;
        this.minimumScore = minimumScore;
    }

    public static ColumnClassifier standard() {
        return new ColumnClassifier(PiiAnalyzer.standard(), DEFAULT_THRESHOLD, DEFAULT_MINIMUM_SCORE);
    }

    /**
     * @param values the column's (sampled) values in row order; null for SQL NULL
     * @param spans  receives every finding, with its row index (0-based), for span output
     */
    public ColumnClassification classify(String column, List<String> values, Consumer<SpanFinding> spans) {
        Context context = Context.column(column);
        Map<EntityType, Long> rows = new EnumMap<>(EntityType.class);
        Map<EntityType, Double> scores = new EnumMap<>(EntityType.class);
        Map<EntityType, java.util.Set<String>> evidence = new EnumMap<>(EntityType.class);
        long nonNull = 0;
        long valuesWithFindings = 0;
        long wordsAround = 0;
        for (int row = 0; row < values.size(); row++) {
            String value = values.get(row);
            if (value == null || value.isBlank()) {
                continue;
            }
            nonNull++;
            Map<EntityType, Double> best = new EnumMap<>(EntityType.class);
            List<Finding> findings = analyzer.analyze(value, context, minimumScore);
            for (Finding finding : findings) {
                spans.accept(new SpanFinding(row, column, finding));
                best.merge(finding.type(), finding.score(), Math::max);
                java.util.Set<String> examples = evidence.computeIfAbsent(finding.type(),
                        t -> new java.util.LinkedHashSet<>());
                if (examples.size() < EntityShare.EVIDENCE) {
                    examples.add(EntityShare.mask(value.substring(finding.start(), finding.end())));
                }
            }
            if (!findings.isEmpty()) {
                valuesWithFindings++;
                wordsAround += wordsOutside(value, findings);
            }
            best.forEach((type, score) -> {
                rows.merge(type, 1L, Long::sum);
                scores.merge(type, score, Double::sum);
            });
        }
        List<EntityShare> entities = new ArrayList<>();
        for (Map.Entry<EntityType, Long> entry : rows.entrySet()) {
            double fraction = (double) entry.getValue() / nonNull;
            if (fraction >= threshold) {
                entities.add(new EntityShare(entry.getKey(), fraction, scores.get(entry.getKey()) / entry.getValue(),
                        entry.getValue(), List.copyOf(evidence.get(entry.getKey()))));
            }
        }
        entities.sort(Comparator.comparingDouble(EntityShare::fraction).reversed()
                .thenComparing(EntityShare::type));
        boolean freeText = valuesWithFindings > 0 && (double) wordsAround / valuesWithFindings >= FREE_TEXT_WORDS;
        return new ColumnClassification(column, values.size(), nonNull, entities, freeText);
    }

    /** Words of two letters or more that no finding covers. */
    private static int wordsOutside(String value, List<Finding> findings) {
        int words = 0;
        Matcher matcher = WORD.matcher(value);
        while (matcher.find()) {
            int start = matcher.start();
            int end = matcher.end();
            if (findings.stream().noneMatch(f -> f.start() < end && start < f.end())) {
                words++;
            }
        }
        return words;
    }
}

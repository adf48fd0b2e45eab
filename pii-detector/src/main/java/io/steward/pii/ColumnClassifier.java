package io.steward.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
        long nonNull = 0;
        for (int row = 0; row < values.size(); row++) {
            String value = values.get(row);
            if (value == null || value.isBlank()) {
                continue;
            }
            nonNull++;
            Map<EntityType, Double> best = new EnumMap<>(EntityType.class);
            for (Finding finding : analyzer.analyze(value, context, minimumScore)) {
                spans.accept(new SpanFinding(row, column, finding));
                best.merge(finding.type(), finding.score(), Math::max);
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
                        entry.getValue()));
            }
        }
        entities.sort(Comparator.comparingDouble(EntityShare::fraction).reversed()
                .thenComparing(EntityShare::type));
        return new ColumnClassification(column, values.size(), nonNull, entities);
    }
}

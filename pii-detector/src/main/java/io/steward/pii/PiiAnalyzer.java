package io.steward.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs recognizers over a text and keeps, among findings that overlap, the most certain one
 * (the longer on a tie): a Luhn-valid card number is not also reported as a phone number.
 */
public final class PiiAnalyzer {

    private static final Comparator<Finding> MOST_CERTAIN = Comparator.comparingDouble(Finding::score).reversed()
            .thenComparing(Comparator.comparingInt((Finding f) -> f.end() - f.start()).reversed())
            .thenComparingInt(Finding::start);

    private final List<Recognizer> recognizers;

    public PiiAnalyzer(List<Recognizer> recognizers) {
        this.recognizers = List.copyOf(recognizers);
    }

    public static PiiAnalyzer standard() {
        return new PiiAnalyzer(Recognizers.all());
    }

    /** Findings in text order, at or above minimumScore. */
    public List<Finding> analyze(String text, Context context, double minimumScore) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        TextShape shape = TextShape.of(text);
        List<Finding> all = new ArrayList<>();
        for (Recognizer recognizer : recognizers) {
            if (!recognizer.mayMatch(shape)) {
                continue;
            }
            for (Finding finding : recognizer.analyze(text, context)) {
                if (finding.score() >= minimumScore) {
                    all.add(finding);
                }
            }
        }
        all.sort(MOST_CERTAIN);
        List<Finding> kept = new ArrayList<>();
        for (Finding candidate : all) {
            if (kept.stream().noneMatch(candidate::overlaps)) {
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        return kept;
    }
}

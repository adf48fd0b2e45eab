package io.steward.masking;

import io.steward.pii.ColumnClassifier;
import io.steward.pii.Context;
import io.steward.pii.EntityType;
import io.steward.pii.Finding;
import io.steward.pii.PiiAnalyzer;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Masks the PII spans inside free text and leaves the words around them: "Call +1 415 555 2671"
 * becomes "Call +* *** ***-2671" or "Call <PHONE_NUMBER>". Every type has a transform; a span
 * whose transform gives nothing (NULLIFY, or GENERALIZE of a value of the wrong shape) becomes
 * "<TYPE>", so no span passes through unmasked. Serializable for Spark: the analyzer is built
 * once per JVM.
 */
public record SpanMasker(String column, Map<EntityType, Transform> transforms, double minimumScore)
        implements Serializable {

    public SpanMasker {
        requireNonNull(column, "column");
        transforms = new EnumMap<>(transforms);
        for (EntityType type : EntityType.values()) {
            if (!transforms.containsKey(type)) {
                throw new IllegalArgumentException("no transform for " + type + " spans");
            }
        }
    }

    /** The analyzer every masker in this JVM shares (recognizers are immutable and thread-safe). */
    private static final class Shared {
        static final PiiAnalyzer ANALYZER = PiiAnalyzer.standard();
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return mask(text, Shared.ANALYZER.analyze(text, Context.column(column), minimumScore));
    }

    /** The text with each finding's span masked; findings do not overlap (the analyzer sees to that). */
    public String mask(String text, List<Finding> findings) {
        if (findings.isEmpty()) {
            return text;
        }
        StringBuilder masked = new StringBuilder(text.length());
        int next = 0;
        for (Finding finding : findings) {
            masked.append(text, next, finding.start());
            String span = text.substring(finding.start(), finding.end());
            String replacement = transforms.get(finding.type()).apply(span);
            masked.append(replacement == null ? "<" + finding.type() + ">" : replacement);
            next = finding.end();
        }
        return masked.append(text, next, text.length()).toString();
    }

    /** The default for spans: REDACT to "<TYPE>", as Presidio's anonymizer does. */
    public static Map<EntityType, Transform> redactAll() {
        Map<EntityType, Transform> transforms = new EnumMap<>(EntityType.class);
        for (EntityType type : EntityType.values()) {
            transforms.put(type, new Transform.Redact(type.name()));
        }
        return transforms;
    }

    /** The analyzer's threshold for spans worth masking: the classifier's. */
    public static double defaultMinimumScore() {
        return ColumnClassifier.DEFAULT_MINIMUM_SCORE;
    }
}

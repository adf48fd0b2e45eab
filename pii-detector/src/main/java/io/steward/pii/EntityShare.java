package io.steward.pii;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * How much of a column holds one entity type.
 *
 * @param fraction the share of non-null values with at least one finding of the type
 * @param score    the mean, over those values, of their most certain finding's score
 * @param rows     how many values had a finding of the type
 * @param evidence a few of the spans found, masked ({@link #mask}), for a reviewer to judge by
 */
public record EntityShare(EntityType type, double fraction, double score, long rows, List<String> evidence) {

    /** Examples kept per type: enough to judge a finding, too few to make the scan a copy of the data. */
    public static final int EVIDENCE = 3;

    public EntityShare {
        requireNonNull(type, "type");
        evidence = List.copyOf(evidence);
    }

    /**
     * A span as evidence may show it: each run of letters or digits keeps its first character and
     * loses the rest to '•', everything else stays ("ann.lee@example.com" is "a••.l••@e••••••.c••"):
     * the shape a reviewer needs, not the value.
     */
    public static String mask(String span) {
        StringBuilder masked = new StringBuilder(span.length());
        boolean inRun = false;
        for (int i = 0; i < span.length(); ) {
            int c = span.codePointAt(i);
            boolean alphanumeric = Character.isLetterOrDigit(c);
            if (alphanumeric && inRun) {
                masked.append('•');
            } else {
                masked.appendCodePoint(c);
            }
            inRun = alphanumeric;
            i += Character.charCount(c);
        }
        return masked.toString();
    }
}

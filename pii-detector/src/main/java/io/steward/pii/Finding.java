package io.steward.pii;

import static java.util.Objects.requireNonNull;

/**
 * A span of personal data in a text: [start, end) in UTF-16 code units, a score in [0, 1], and
 * the explanation of how it was found.
 */
public record Finding(EntityType type, int start, int end, double score, Explanation explanation) {
    public Finding {
        requireNonNull(type, "type");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
        if (score < 0 || score > 1) {
            throw new IllegalArgumentException("score outside [0, 1]: " + score);
        }
        requireNonNull(explanation, "explanation");
    }

    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    public boolean contains(Finding other) {
        return start <= other.start && other.end <= end;
    }
}

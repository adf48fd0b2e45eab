package io.steward.pii;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A recognizer made of patterns, each with a base score; a validator that confirms a match
 * (score 1) or rejects it; context words that raise or lower the score; and a prerequisite on the
 * text's shape that every match needs (at least 13 digits for a card), checked before any pattern runs.
 */
public record PatternRecognizer(String name, EntityType type, List<NamedPattern> patterns, Validator validator,
                                ContextWords context, Predicate<TextShape> prerequisite) implements Recognizer {

    /** A regular expression and how likely a match is of the type on its shape alone. */
    public record NamedPattern(String name, Pattern regex, double score) {
        public NamedPattern {
            requireNonNull(name, "name");
            requireNonNull(regex, "regex");
        }

        public static NamedPattern of(String name, String regex, double score) {
            return new NamedPattern(name, Pattern.compile(regex), score);
        }
    }

    public PatternRecognizer {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        patterns = List.copyOf(patterns);
        requireNonNull(validator, "validator");
        requireNonNull(context, "context");
        requireNonNull(prerequisite, "prerequisite");
    }

    @Override
    public boolean mayMatch(TextShape shape) {
        return prerequisite.test(shape);
    }

    @Override
    public List<Finding> analyze(String text, Context where) {
        List<Finding> findings = new ArrayList<>();
        for (NamedPattern pattern : patterns) {
            Matcher matcher = matcher(pattern.regex(), text);
            while (matcher.find()) {
                score(text, matcher.start(), matcher.end(), pattern, where).ifPresent(findings::add);
            }
        }
        return findings;
    }

    /**
     * Matchers are reused per thread: a scan runs every pattern over millions of short cells, and
     * a new Matcher for each allocates and clears its group arrays every time.
     */
    private static final ThreadLocal<Map<Pattern, Matcher>> MATCHERS = ThreadLocal.withInitial(IdentityHashMap::new);

    private static Matcher matcher(Pattern pattern, String text) {
        Matcher matcher = MATCHERS.get().computeIfAbsent(pattern, p -> p.matcher(""));
        return matcher.reset(text);
    }

    private Optional<Finding> score(String text, int start, int end, NamedPattern pattern, Context where) {
        Validator.Verdict verdict = validator.check(text.substring(start, end));
        if (verdict == Validator.Verdict.INVALID) {
            return Optional.empty();
        }
        ContextWords.Found found = context.find(text, start, where);
        // A passed checksum makes a match certain unless the context says otherwise: order numbers
        // are often issued with a Luhn check digit, and a column named order_id holds order numbers.
        double score = verdict == Validator.Verdict.VALID && found.opposing().isEmpty() ? 1.0 : pattern.score();
        Optional<Boolean> validated = verdict == Validator.Verdict.UNKNOWN ? Optional.empty() : Optional.of(true);
        return found.finding(type, start, end, score, name, pattern.name(), pattern.score(), validated);
    }
}

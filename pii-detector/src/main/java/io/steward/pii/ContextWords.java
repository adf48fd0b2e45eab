package io.steward.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Words that make a match more likely ("card" near a 16-digit number, a column named
 * "phone") or less likely ("version" near 1.2.3.4), looked for in the column name and in the
 * few words before the match, as Presidio's context enhancer does.
 */
public record ContextWords(Set<String> supporting, Set<String> opposing) {

    /** How much a supporting word adds, and an opposing word takes away. */
    public static final double BOOST = 0.35;
    /** A supported match scores at least this. */
    public static final double MINIMUM_WITH_SUPPORT = 0.4;
    static final int WINDOW_WORDS = 5;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern CAMEL_CASE = Pattern.compile("([a-z])([A-Z])");

    public static final ContextWords NONE = new ContextWords(Set.of(), Set.of());

    public ContextWords {
        supporting = Set.copyOf(supporting);
        opposing = Set.copyOf(opposing);
    }

    public static ContextWords supporting(String... words) {
        return new ContextWords(Set.of(words), Set.of());
    }

    public ContextWords opposing(String... words) {
        return new ContextWords(supporting, Set.of(words));
    }

    /** The context words found for a match at [start, end) of text. */
    Found find(String text, int start, Context context) {
        List<String> words = new ArrayList<>(context.columnWords());
        List<String> before = words(text.substring(windowStart(text, start), start));
        words.addAll(before.subList(Math.max(0, before.size() - WINDOW_WORDS), before.size()));
        List<String> supportingFound = new ArrayList<>();
        List<String> opposingFound = new ArrayList<>();
        for (String word : words) {
            if (supporting.stream().anyMatch(word::startsWith)) {
                supportingFound.add(word);
            }
            if (opposing.stream().anyMatch(word::startsWith)) {
                opposingFound.add(word);
            }
        }
        return new Found(supportingFound, opposingFound);
    }

    /**
     * Where a window holding the last WINDOW_WORDS words before start can begin: just after the
     * (WINDOW_WORDS + 1)th run of letters and digits counting back (a run is at least one word),
     * so that a long text is not split into words from its beginning for every finding.
     */
    private static int windowStart(String text, int start) {
        int runs = 0;
        boolean inRun = false;
        for (int i = start - 1; i >= 0; i--) {
            boolean wordChar = Character.isLetterOrDigit(text.charAt(i));
            if (wordChar && !inRun && ++runs > WINDOW_WORDS) {
                return i + 1;
            }
            inRun = wordChar;
        }
        return 0;
    }

    record Found(List<String> supporting, List<String> opposing) {
        Found {
            requireNonNull(supporting, "supporting");
            requireNonNull(opposing, "opposing");
        }

        /** +BOOST when a supporting word was found, -BOOST when an opposing one was, both cancel out. */
        double boost() {
            return (supporting.isEmpty() ? 0 : BOOST) - (opposing.isEmpty() ? 0 : BOOST);
        }

        /** The words found, opposing ones marked "-version", for an explanation. */
        List<String> explained() {
            List<String> words = new ArrayList<>(supporting);
            opposing.forEach(w -> words.add("-" + w));
            return words;
        }

        /**
         * The finding at [start, end): base plus this context's boost, kept in [0, 1] and at least
         * MINIMUM_WITH_SUPPORT when only supporting words were found; none when that comes to 0.
         *
         * @param base         the score before context (1 for a passed validator)
         * @param patternScore the score of the pattern's shape alone, for the explanation
         * @param validated    what the validator said, empty when the type has none
         */
        java.util.Optional<Finding> finding(EntityType type, int start, int end, double base, String recognizer,
                                            String pattern, double patternScore,
                                            java.util.Optional<Boolean> validated) {
            double score = Math.max(0, Math.min(1, base + boost()));
            if (!supporting.isEmpty() && opposing.isEmpty()) {
                score = Math.max(score, MINIMUM_WITH_SUPPORT);
            }
            if (score == 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Finding(type, start, end, score,
                    new Explanation(recognizer, pattern, patternScore, validated, explained(), boost())));
        }
    }

    /** Lower-case words; "customerPhone" and "customer_phone" both give "customer", "phone". */
    static List<String> words(String text) {
        String split = CAMEL_CASE.matcher(text).replaceAll("$1 $2");
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(split);
        while (matcher.find()) {
            words.add(matcher.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}

package io.steward.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal names without an NER model: runs of capitalized words in which the gazetteer knows
 * a first name and a last name ("Jane Doe", "Doe, Jane", "Dr. Hans Müller"). A known first and
 * last name together are strong evidence; one of them alone is weak and needs the column to say
 * "name" (column-level evidence), which is how a column of given names alone is still found.
 */
public final class PersonRecognizer implements Recognizer {

    static final double BOTH_KNOWN = 0.85;
    static final double ONE_KNOWN = 0.3;
    static final double SINGLE_WORD = 0.15;
    static final double TITLE_BONUS = 0.2;

    private static final String WORD = "\\p{Lu}[\\p{L}'’-]*\\p{Ll}";
    private static final String PARTICLE = "(?:van|von|de|der|den|da|di|del|della|la|le|du|dos|das|ter|ten|zu|y)";
    /** Up to five capitalized words, with name particles ("van der", "de la") between them. */
    private static final Pattern RUN = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + WORD + "\\.?|\\p{Lu}\\.)"
            + "(?:\\s+(?:" + PARTICLE + "\\s+)*(?:" + WORD + "\\.?|\\p{Lu}\\.)){0,4}(?![\\p{L}\\p{N}])");
    /** "Doe, Jane": a last name, a comma, a first name. */
    private static final Pattern INVERTED = Pattern.compile("(?<![\\p{L}\\p{N}])(" + WORD + "),\\s*(" + WORD
            + ")(?![\\p{L}\\p{N}])");
    private static final Pattern TOKEN = Pattern.compile(WORD + "|\\p{Lu}\\.|" + PARTICLE);
    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "herr", "frau",
            "m", "mme", "mlle", "sr", "sra", "srta", "sig", "dott", "dhr", "mevr");

    private final Gazetteer names = Gazetteer.get();
    private final ContextWords context = ContextWords.supporting("name", "person", "customer", "contact", "owner",
            "employee", "patient", "user", "author", "recipient", "holder", "kunde", "nom", "nombre", "nome", "naam",
            "passenger", "member", "client", "surname", "given", "firstname", "lastname", "fullname", "signed")
            .opposing("product", "company", "city", "street", "brand", "item", "sku", "town", "country", "state",
                    "file", "host", "category", "team", "department", "organization", "organisation", "vendor");

    @Override
    public EntityType type() {
        return EntityType.PERSON;
    }

    @Override
    public String name() {
        return "PersonRecognizer";
    }

    @Override
    public boolean mayMatch(TextShape shape) {
        return shape.upperCase() > 0 && shape.letters() >= 2;
    }

    @Override
    public List<Finding> analyze(String text, Context where) {
        List<Finding> findings = new ArrayList<>();
        Matcher inverted = INVERTED.matcher(text);
        while (inverted.find()) {
            if (names.isLastName(inverted.group(1)) && names.isFirstName(inverted.group(2))) {
                finding(text, inverted.start(), inverted.end(), BOTH_KNOWN, "last, first", where)
                        .ifPresent(findings::add);
            }
        }
        Matcher run = RUN.matcher(text);
        while (run.find()) {
            fromRun(text, run.start(), run.group(), where).ifPresent(findings::add);
        }
        return findings;
    }

    /** The names inside one run of capitalized words: "Customer Jane Doe" holds "Jane Doe". */
    private Optional<Finding> fromRun(String text, int offset, String run, Context where) {
        List<int[]> spans = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        Matcher token = TOKEN.matcher(run);
        while (token.find()) {
            spans.add(new int[] {token.start(), token.end()});
            tokens.add(token.group());
        }
        int first = -1;
        boolean titled = false;
        for (int i = 0; i < tokens.size() && first < 0; i++) {
            if (isTitle(tokens.get(i)) && i + 1 < tokens.size()) {
                titled = true;
                first = i;
            } else if (names.isFirstName(tokens.get(i))) {
                first = i;
            }
        }
        for (int i = 0; i < tokens.size() && first < 0; i++) {
            if (names.isLastName(tokens.get(i))) {
                first = i;
            }
        }
        if (first < 0) {
            return Optional.empty();
        }
        int given = titled ? first + 1 : first;
        int last = given;
        for (int i = given + 1; i < tokens.size(); i++) {
            if (names.isLastName(tokens.get(i)) || names.isFirstName(tokens.get(i))) {
                last = i;
            }
        }
        boolean knownGiven = names.isFirstName(tokens.get(given));
        boolean knownLast = last > given && names.isLastName(tokens.get(last));
        if (last == given && given + 1 < tokens.size() && !isParticle(tokens.get(given + 1))) {
            last = given + 1; // "Jane Qwerty": a known first name and a surname no list has
        }
        double score;
        String shape;
        if (last == given) {
            score = SINGLE_WORD;
            shape = "single name";
        } else if (knownGiven && knownLast) {
            score = BOTH_KNOWN;
            shape = "first and last name";
        } else {
            score = ONE_KNOWN;
            shape = knownGiven ? "known first name" : "known last name";
        }
        if (titled) {
            score = Math.min(1, score + TITLE_BONUS);
            shape = "title, " + shape;
        }
        return finding(text, offset + spans.get(first)[0], offset + spans.get(last)[1], score, shape, where);
    }

    private Optional<Finding> finding(String text, int start, int end, double base, String shape, Context where) {
        return context.find(text, start, where).finding(EntityType.PERSON, start, end, base, name(),
                shape + " (datafaker name lists)", base, Optional.empty());
    }

    private static boolean isTitle(String token) {
        String bare = token.endsWith(".") ? token.substring(0, token.length() - 1) : token;
        return TITLES.contains(bare.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean isParticle(String token) {
        return Character.isLowerCase(token.charAt(0));
    }
}

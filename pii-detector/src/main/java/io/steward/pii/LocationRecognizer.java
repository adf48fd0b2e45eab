package io.steward.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses without an NER model: a house number with a street name and a street type
 * the gazetteer knows ("42 Kohler Branch", "Hauptstraße 5", "12 rue de la Paix", "Via Roma 3").
 * A postcode in the same text makes it a full postal address. A city or a country alone is not
 * an address, so columns of cities are not tagged.
 */
public final class LocationRecognizer implements Recognizer {

    static final double STREET = 0.5;
    static final double WITH_POSTCODE = 0.85;

    private static final String NAME_WORD = "\\p{Lu}[\\p{L}'’.-]*";
    /** Common abbreviations of the English street types. */
    private static final List<String> ABBREVIATIONS = List.of("St", "Ave", "Rd", "Blvd", "Dr", "Ln", "Ct", "Pl", "Sq",
            "Hwy", "Pkwy", "Ter", "Cir");
    /** Street types written as the end of one word ("Hauptstraße", "Kerkstraat", "Storgatan"). */
    private static final String COMPOUND_ENDINGS = "straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|hof"
            + "|berg|feld|garten|markt|chaussee|pfad|straat|laan|gracht|plein|kade|singel|dijk|vägen|gatan|gränd";
    /** Street types written as a word before the name ("rue de la Paix", "Calle Mayor", "ul. Długa"). */
    private static final String PREFIXES = "rue|avenue|boulevard|bd|allée|place|chemin|impasse|quai|route|cours"
            + "|calle|avenida|avda\\.|plaza|paseo|camino|carrer|ronda|via|viale|piazza|corso|vicolo|largo|strada|rua|travessa"
            + "|praça|alameda|ul\\.|al\\.";
    private static final String PARTICLES = "(?:(?:de|del|de la|des|du|di|da|do|dos|das|della|d'|l')\\s*)*";
    private static final String HOUSE_NUMBER = "\\d{1,5}(?:\\s?[a-zA-Z](?![\\p{L}]))?";

    private static final Pattern POSTCODE = Pattern.compile(
            "\\b(?:\\d{5}(?:-\\d{4})?|\\d{4}\\s?[A-Z]{2}|[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2})\\b");

    private final List<PatternRecognizer.NamedPattern> patterns;
    /** Every street type as a lower-case word, for the check that runs before any pattern. */
    private final Set<String> streetWords = new HashSet<>();
    private final List<String> compoundEndings = List.of(COMPOUND_ENDINGS.replace("\\.", ".").split("\\|"));
    private final ContextWords context = ContextWords.supporting("address", "addr", "street", "strasse", "adresse",
            "direccion", "indirizzo", "shipping", "billing", "residence", "home", "mailing", "domicile", "anschrift")
            .opposing("company", "product", "event", "version");

    public LocationRecognizer() {
        List<String> types = new ArrayList<>(ABBREVIATIONS);
        Gazetteer.get().streetSuffixes().forEach(t -> types.add(Character.toUpperCase(t.charAt(0)) + t.substring(1)));
        types.sort(Comparator.comparingInt(String::length).reversed()); // "Streets" before "Street"
        String streetTypes = String.join("|", types);
        types.forEach(t -> streetWords.add(t.toLowerCase(Locale.ROOT)));
        for (String prefix : PREFIXES.replace("\\.", ".").split("\\|")) {
            streetWords.add(prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        patterns = List.of(
                PatternRecognizer.NamedPattern.of("number, name, street type",
                        "\\b" + HOUSE_NUMBER + ",?\\s+(?:[NSEW]\\.?\\s+)?(?:" + NAME_WORD + "\\s+){1,4}(?:" + streetTypes
                                + ")\\b\\.?", STREET),
                PatternRecognizer.NamedPattern.of("street word, number",
                        "(?<![\\p{L}])(?:" + NAME_WORD + "[\\s-]){0,3}[\\p{L}-]*(?i:" + COMPOUND_ENDINGS + ")\\s*"
                                + HOUSE_NUMBER + "\\b", STREET),
                PatternRecognizer.NamedPattern.of("street type first",
                        "(?:\\b" + HOUSE_NUMBER + ",?\\s+)?(?<![\\p{L}])(?i:" + PREFIXES + ")\\s+" + PARTICLES + NAME_WORD
                                + "(?:\\s+" + PARTICLES + NAME_WORD + "){0,3}"
                                // a number after the name has at most 4 digits: 5 are the postcode that follows
                                + "(?:,?\\s*(?:n[º°o]\\.?\\s*)?\\d{1,4}(?!\\d)(?:\\s?[a-zA-Z](?![\\p{L}]))?)?", STREET));
    }

    @Override
    public EntityType type() {
        return EntityType.LOCATION;
    }

    @Override
    public String name() {
        return "LocationRecognizer";
    }

    @Override
    public boolean mayMatch(TextShape shape) {
        return shape.digits() > 0 && shape.letters() >= 4;
    }

    @Override
    public List<Finding> analyze(String text, Context where) {
        if (!hasStreetWord(text)) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        boolean postcode = POSTCODE.matcher(text).find();
        for (PatternRecognizer.NamedPattern pattern : patterns) {
            Matcher matcher = pattern.regex().matcher(text);
            while (matcher.find()) {
                // A street needs its house number; "Via Roma" alone names a street, not an address.
                if (matcher.group().chars().noneMatch(Character::isDigit)) {
                    continue;
                }
                score(text, matcher.start(), matcher.end(), pattern, postcode, where).ifPresent(findings::add);
            }
        }
        return findings;
    }

    /**
     * Whether a word of the text is a street type ("Street", "rue") or ends like one
     * ("Hauptstraße"): one pass over the words, far cheaper than the patterns, which only run then.
     */
    private boolean hasStreetWord(String text) {
        int i = 0;
        while (i < text.length()) {
            if (!Character.isLetter(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '-')) {
                i++;
            }
            // "Str." keeps its dot: the compound ending is "str."
            String word = text.substring(start, i < text.length() && text.charAt(i) == '.' ? i + 1 : i)
                    .toLowerCase(Locale.ROOT);
            String bare = word.endsWith(".") ? word.substring(0, word.length() - 1) : word;
            if (streetWords.contains(bare)) {
                return true;
            }
            for (String ending : compoundEndings) {
                if (word.endsWith(ending) || bare.endsWith(ending)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Optional<Finding> score(String text, int start, int end, PatternRecognizer.NamedPattern pattern,
                                    boolean postcode, Context where) {
        double base = postcode ? WITH_POSTCODE : pattern.score();
        String shape = pattern.name() + (postcode ? ", with a postcode" : "") + " (datafaker street types)";
        return context.find(text, start, where).finding(EntityType.LOCATION, start, end, base, name(),
                shape.toLowerCase(Locale.ROOT), base, Optional.empty());
    }
}

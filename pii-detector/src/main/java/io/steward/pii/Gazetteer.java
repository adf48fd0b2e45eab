package io.steward.pii;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * First names, last names and street suffixes of several locales, read from the locale files
 * that ship in datafaker (a maintained package of such lists), for the PERSON and LOCATION
 * recognizers, which have no NER model to lean on. Loaded once, on first use (~0.3 s).
 */
final class Gazetteer {

    /**
     * The locales whose lists are read. Swedish and Polish are deliberately absent: the labeled
     * corpus draws some names from them to measure how the recognizer does on names it has no list for.
     */
    static final List<String> LOCALES = List.of("en", "de", "fr", "es", "it", "nl", "pt");

    private static final Gazetteer INSTANCE = load();

    private final Set<String> firstNames;
    private final Set<String> lastNames;
    private final Set<String> streetSuffixes;

    private Gazetteer(Set<String> firstNames, Set<String> lastNames, Set<String> streetSuffixes) {
        this.firstNames = Set.copyOf(firstNames);
        this.lastNames = Set.copyOf(lastNames);
        this.streetSuffixes = Set.copyOf(streetSuffixes);
    }

    static Gazetteer get() {
        return INSTANCE;
    }

    boolean isFirstName(String word) {
        return firstNames.contains(word.toLowerCase(Locale.ROOT));
    }

    boolean isLastName(String word) {
        return lastNames.contains(word.toLowerCase(Locale.ROOT));
    }

    /** English street types ("Street", "Avenue", "Lane"), lower-case. */
    Set<String> streetSuffixes() {
        return streetSuffixes;
    }

    private static Gazetteer load() {
        Set<String> first = new HashSet<>();
        Set<String> last = new HashSet<>();
        Set<String> streets = new HashSet<>();
        for (String locale : LOCALES) {
            Map<String, Object> names = section(locale, "name");
            for (String key : List.of("first_name", "male_first_name", "female_first_name")) {
                addWords(names.get(key), first);
            }
            addWords(names.get("last_name"), last);
        }
        addWords(section("en", "address").get("street_suffix"), streets);
        return new Gazetteer(first, last, streets);
    }

    /** A section ("name", "address") of a locale: en keeps one file per section, others one file. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(String locale, String section) {
        String file = locale.equals("en") ? "/en/" + section + ".yml" : "/" + locale + ".yml";
        try (InputStream in = Gazetteer.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("datafaker's " + file + " is not on the classpath");
            }
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(16 * 1024 * 1024);
            Map<String, Object> root = new Yaml(options).load(in);
            Map<String, Object> faker = (Map<String, Object>) ((Map<String, Object>) root.get(locale)).get("faker");
            Object value = faker.get(section);
            return value instanceof Map ? (Map<String, Object>) value : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the plain entries of a YAML list, leaving out templates such as "#{female_first_name}". */
    private static void addWords(Object list, Set<String> into) {
        if (list instanceof List<?> values) {
            for (Object value : values) {
                if (value instanceof String word && !word.contains("#{")) {
                    into.add(word.toLowerCase(Locale.ROOT));
                }
            }
        }
    }
}

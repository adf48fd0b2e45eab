package io.steward.dqdl;

import io.steward.dqdl.ast.Ruleset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** parse(print(ast)) equals ast and printing is idempotent, on every valid test ruleset. */
class RoundTripTest {

    static Stream<String> everyValidRuleset() {
        return Stream.concat(ValidExamples.ALL.stream(), ExampleRulesets.valid().map(ExampleRulesets::read));
    }

    @ParameterizedTest
    @MethodSource("everyValidRuleset")
    void printedRulesetParsesBackToTheSameTree(String dqdl) {
        Ruleset ast = Dqdl.parse(dqdl).orElseThrow();
        String printed = Dqdl.format(ast);
        ParseResult reparsed = Dqdl.parse(printed);
        assertThat(reparsed.errors()).as(printed).isEmpty();
        assertThat(reparsed.ruleset()).contains(ast);
    }

    @ParameterizedTest
    @MethodSource("everyValidRuleset")
    void formattingIsIdempotent(String dqdl) {
        String once = Dqdl.format(Dqdl.parse(dqdl).orElseThrow());
        String twice = Dqdl.format(Dqdl.parse(once).orElseThrow());
        assertThat(twice).isEqualTo(once);
    }

    @ParameterizedTest
    @MethodSource("everyValidRuleset")
    void formattingKeepsEveryComment(String dqdl) {
        String printed = Dqdl.format(Dqdl.parse(dqdl).orElseThrow());
        assertThat(countComments(printed)).isEqualTo(countComments(dqdl));
    }

    /** '#' outside strings. */
    private static long countComments(String text) {
        long count = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString && c == '\\') {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && c == '#') {
                count++;
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            }
        }
        return count;
    }

    /** The example rulesets shipped in src-test-data, read from the test classpath. */
    static final class ExampleRulesets {
        private ExampleRulesets() {
        }

        static Stream<Path> valid() {
            return list(directory());
        }

        static Stream<Path> invalid() {
            return list(directory().resolve("invalid"));
        }

        static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** src-test-data/rulesets of this checkout; the parent pom passes its path to Surefire. */
        private static Path directory() {
            return Path.of(System.getProperty("steward.test-data", "../src-test-data")).resolve("rulesets");
        }

        private static Stream<Path> list(Path directory) {
            try (Stream<Path> files = Files.list(directory)) {
                return files.filter(f -> f.toString().endsWith(".dqdl")).sorted().toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

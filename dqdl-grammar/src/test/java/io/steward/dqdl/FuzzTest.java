package io.steward.dqdl;

import io.steward.dqdl.ast.Ruleset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Mutates valid rulesets at random and proves that nothing but positioned errors comes out:
 * no exception, every error inside the text, and every input that still parses round-trips.
 * {@code -Ddqdl.fuzz.cases=N} sets the count (100,000 by default, more in the nightly profile);
 * {@code -Ddqdl.fuzz.seed=S} replays a run.
 */
class FuzzTest {

    private static final String[] FRAGMENTS = {
            "\"", "\\", "(", ")", "[", "]", "{", "}", ",", ":", "=", "!=", ">", ">=", "<", "<=", "-", "+", "*", "/",
            "#", "\n", "\r\n", "\r", "\t", " ", "$", "$x", "'", "0", "1.5", "-3", "999999999999999999999999",
            "and", "or", "AND", "not", "in", "between", "matches", "where", "with", "labels", "of", "now()",
            "now", "days", "hours", "MB", "NULL", "EMPTY", "WHITESPACES_ONLY", "threshold", "last(3)", "avg(",
            "Rules", "Analyzers", "Metadata", "DataSources", "DefaultLabels", "RowCount", "IsComplete",
            "ColumnValues", "\"a\"", "\"2023-01-01\"", "\"12:30\"", "\u00e9", "\uD83D\uDE00", "\u0000", "\uFEFF"};

    @Test
    void mutatedRulesetsYieldOnlyPositionedErrors() {
        int cases = Integer.getInteger("dqdl.fuzz.cases", 100_000);
        long seed = Long.getLong("dqdl.fuzz.seed", 20261127L);
        Random random = new Random(seed);
        List<String> seeds = new ArrayList<>(ValidExamples.ALL);
        RoundTripTest.ExampleRulesets.valid().map(RoundTripTest.ExampleRulesets::read).forEach(seeds::add);
        int valid = 0;
        for (int i = 0; i < cases; i++) {
            String input = seeds.get(random.nextInt(seeds.size()));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, random);
            }
            try {
                valid += check(input) ? 1 : 0;
            } catch (AssertionError | RuntimeException e) {
                fail("case " + i + " (seed " + seed + ") failed on input:\n" + input, e);
            }
        }
        // The mutations must exercise both paths, or the test proves little.
        assertThat(valid).isGreaterThan(cases / 50);
        assertThat(cases - valid).isGreaterThan(cases / 2);
    }

    /** Returns whether the input was valid. */
    private static boolean check(String input) {
        ParseResult result = Dqdl.parse(input);
        // Lines end at LF (CRLF included); a lone CR is whitespace within a line, as in ANTLR.
        String[] lines = input.split("\n", -1);
        for (Diagnostic error : result.errors()) {
            assertThat(error.message()).isNotBlank();
            assertThat(error.line()).isBetween(1, lines.length);
            assertThat(error.column()).isBetween(1, lines[error.line() - 1].length() + 1);
        }
        if (!result.isValid()) {
            return false;
        }
        Ruleset ast = result.ruleset().orElseThrow();
        String printed = Dqdl.format(ast);
        ParseResult reparsed = Dqdl.parse(printed);
        assertThat(reparsed.errors()).as("printed form of a valid input:\n" + printed).isEmpty();
        assertThat(reparsed.ruleset()).contains(ast);
        return true;
    }

    private static String mutate(String input, Random random) {
        if (input.isEmpty()) {
            return FRAGMENTS[random.nextInt(FRAGMENTS.length)];
        }
        int at = random.nextInt(input.length() + 1);
        return switch (random.nextInt(6)) {
            case 0 -> input.substring(0, at) + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + input.substring(at);
            case 1 -> {
                int end = Math.min(input.length(), at + 1 + random.nextInt(8));
                yield input.substring(0, Math.min(at, input.length() - 1)) + input.substring(end);
            }
            case 2 -> {
                int end = Math.min(input.length(), at + random.nextInt(20));
                yield input.substring(0, end) + input.substring(at, end) + input.substring(end);
            }
            case 3 -> input.substring(0, at);
            case 4 -> {
                int end = Math.min(input.length(), at + 1 + random.nextInt(6));
                yield input.substring(0, at) + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + input.substring(end);
            }
            default -> {
                int other = random.nextInt(input.length() + 1);
                int from = Math.min(at, other);
                int to = Math.max(at, other);
                yield input.substring(0, from) + input.substring(to) + input.substring(from, to);
            }
        };
    }
}

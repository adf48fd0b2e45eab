package io.steward.dqdl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PrinterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain        | \"plain\"",
            "\\d+         | \"\\d+\"",
            "say \"hi\"   | \"say \\\"hi\\\"\"",
            "ends\\       | \"ends\\\\\"",
            "a\\\\b       | \"a\\\\\\b\"",
            "\\\"         | \"\\\\\\\"\""})
    void quotesSoThatDecodingGivesTheSameText(String value, String quoted) {
        assertThat(Printer.quote(value.strip())).isEqualTo(quoted.strip());
        ParseResult reparsed = Dqdl.parse("Rules = [ IsComplete " + quoted.strip() + " ]");
        assertThat(reparsed.orElseThrow().ruleEntries().get(0).rule())
                .isInstanceOfSatisfying(io.steward.dqdl.ast.Rule.class,
                        r -> assertThat(r.parameters().get(0).value()).isEqualTo(value.strip()));
    }

    @Test
    void printsTheCanonicalLayout() {
        String text = "# checks\nMetadata={\"Version\":\"1.0\"} codes=[\"A\",\"B\"] Rules=[RowCount>0,#rows\n"
                + "IsComplete \"a\" and IsUnique \"a\",ColumnValues \"c\" in $codes with threshold>0.9]"
                + " Analyzers=[RowCount]";
        assertThat(Dqdl.format(Dqdl.parse(text).orElseThrow())).isEqualTo("""
                # checks
                Metadata = {
                    "Version": "1.0"
                }

                codes = ["A", "B"]

                Rules = [
                    RowCount > 0, # rows
                    (IsComplete "a") and (IsUnique "a"),
                    ColumnValues "c" in $codes with threshold > 0.9
                ]

                Analyzers = [
                    RowCount
                ]
                """);
    }

    @Test
    void parenthesisesOnlyWherePrecedenceNeedsIt() {
        assertThat(formatRule("RowCount > (1 + 2) * 3")).isEqualTo("RowCount > (1 + 2) * 3");
        assertThat(formatRule("RowCount > 1 + (2 * 3)")).isEqualTo("RowCount > 1 + 2 * 3");
        assertThat(formatRule("RowCount > 10 - (4 - 3)")).isEqualTo("RowCount > 10 - (4 - 3)");
        assertThat(formatRule("RowCount > (10 - 4) - 3")).isEqualTo("RowCount > 10 - 4 - 3");
        assertThat(formatRule("RowCount > -(avg(last(3)) - 1)")).isEqualTo("RowCount > -(avg(last(3)) - 1)");
        assertThat(formatRule("ColumnValues \"d\" > now() - 3 days")).isEqualTo("ColumnValues \"d\" > (now() - 3 days)");
    }

    @Test
    void keepsCompositeChainsFlatAndNestsTheRest() {
        assertThat(formatRule("(RowCount > 0) and (RowCount > 1) and (RowCount > 2)"))
                .isEqualTo("(RowCount > 0) and (RowCount > 1) and (RowCount > 2)");
        assertThat(formatRule("(RowCount > 0) and ((RowCount > 1) and (RowCount > 2))"))
                .isEqualTo("(RowCount > 0) and (RowCount > 1) and (RowCount > 2)");
        assertThat(formatRule("(RowCount > 0) and ((RowCount > 1) and (RowCount > 2)) labels = [\"k\" = \"v\"]"))
                .isEqualTo("(RowCount > 0) and ((RowCount > 1) and (RowCount > 2)) labels = [\"k\" = \"v\"]");
        assertThat(formatRule("RowCount > 0 or RowCount > 1 and RowCount > 2"))
                .isEqualTo("(RowCount > 0) or ((RowCount > 1) and (RowCount > 2))");
    }

    private static String formatRule(String rule) {
        String printed = Dqdl.format(Dqdl.parse("Rules = [ " + rule + " ]").orElseThrow());
        return printed.substring("Rules = [\n    ".length(), printed.length() - "\n]\n".length());
    }
}

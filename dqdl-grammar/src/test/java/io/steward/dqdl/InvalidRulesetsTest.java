package io.steward.dqdl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Invalid input gets exactly this message at exactly this line:column. */
class InvalidRulesetsTest {

    static Stream<Arguments> invalidRulesets() {
        return Stream.of(
                // syntax
                arguments("Rules = [ IsComplete \"a\" IsUnique \"b\" ]",
                        "1:26: expected ',' or ']' after rule, found 'IsUnique'"),
                arguments("Rules = [ RowCount > 0 ] garbage",
                        "1:33: expected '=' after variable name 'garbage', found end of input"),
                arguments("Rules = [ RowCount > 0 ] ]", "1:26: expected a section (Metadata, DataSources, "
                        + "DefaultLabels, Rules, Analyzers) or a variable or end of input, found ']'"),
                arguments("Rules = [ RowCount > 0", "1:23: expected ',' or ']' after rule, found end of input"),
                arguments("Rules = [ RowCount > ]", "1:22: expected a value, found ']'"),
                arguments("Rules = [ RowCount ! 0 ]", "1:20: unexpected character '!'"),
                arguments("Rules = [ IsComplete 'a' ]",
                        "1:22: unexpected character ''' (strings are written in double quotes)"),
                arguments("Rules = [ IsComplete \"a ]",
                        "1:22: unterminated string: no closing '\"' before the end of the input"),
                arguments("Rules = [ ColumnValues \"a\" in [1, 2 3] ]", "1:37: expected ',' or ']' in list, found '3'"),
                arguments("Rules = [ ColumnValues \"a\" BETWEEN 1 and 2 ]",
                        "1:28: expected ',' or ']' after rule, found 'BETWEEN' (keywords such as 'between' are lowercase)"),
                arguments("rules = [ RowCount > 0 ]",
                        "1:20: expected '(', found '>' (section names are case-sensitive: write 'Rules')"),
                arguments("Rules = [ RowCount > 0, ]", "1:25: expected a rule type, found ']'"),
                arguments("Rules = [ $x ]", "1:11: expected ']' or a rule type, found '$x'"),
                arguments("Rules = [ (RowCount > 0 ]", "1:25: expected ')', found ']'"),
                arguments("Rules = [ RowCount > 0 labels = [\"a\" \"b\"] ]", "1:38: expected '=', found '\"b\"'"),
                arguments("Metadata = { \"Version\" \"1.0\" }\nRules = [ RowCount > 0 ]",
                        "1:24: expected ':', found '\"1.0\"'"),
                arguments("Rules = [ RowCount > avg(last(10) ]",
                        "1:35: expected ',' or ')' in function call, found ']'"),
                arguments("", "1:1: no Rules or Analyzers section: a ruleset needs 'Rules = [ ... ]' (or 'Analyzers = [ ... ]')"),
                arguments("# only a comment\n",
                        "2:1: no Rules or Analyzers section: a ruleset needs 'Rules = [ ... ]' (or 'Analyzers = [ ... ]')"),
                // sections
                arguments("Rules = [ RowCount > 0 ]\nMetadata = { \"Version\": \"1.0\" }",
                        "2:1: Metadata must come before Rules"),
                arguments("Rules = [ RowCount > 0 ]\nRules = [ RowCount > 1 ]",
                        "2:1: duplicate Rules section (the first is at 1:1)"),
                arguments("Rules = [ ]", "1:1: Rules is empty: add at least one rule"),
                arguments("Metadata = { \"Versoin\": \"1.0\" }\nRules = [ RowCount > 0 ]",
                        "1:14: unknown Metadata key \"Versoin\", did you mean 'Version'? (Metadata holds \"Version\")"),
                arguments("Metadata = { }\nRules = [ RowCount > 0 ]",
                        "1:1: Metadata is empty: remove it or add \"Version\""),
                arguments("DataSources = { \"Primary\": [\"a\"] }\nRules = [ RowCount > 0 ]",
                        "1:17: \"Primary\" takes one data source name, not a list"),
                arguments("DataSources = { \"AdditionalDataSources\": \"a\" }\nRules = [ RowCount > 0 ]",
                        "1:17: \"AdditionalDataSources\" takes a list, e.g. [\"reference\"]"),
                // rule types and parameters
                arguments("Rules = [ RowCnt > 0 ]", "1:11: unknown rule type 'RowCnt', did you mean 'RowCount'?"),
                arguments("Rules = [ iscomplete \"a\" ]", "1:11: unknown rule type 'iscomplete', did you mean 'IsComplete'?"),
                arguments("Rules = [ Frobnicate \"a\" ]", "1:11: unknown rule type 'Frobnicate'"),
                arguments("Rules = [ IsComplete \"a\" \"b\" ]",
                        "1:26: IsComplete takes 1 parameter ('IsComplete column'), found 2"),
                arguments("Rules = [ IsComplete ]", "1:11: IsComplete takes 1 parameter ('IsComplete column'), found 0"),
                arguments("Rules = [ DatasetMatch \"ref\" > 0.9 ]", "1:11: DatasetMatch takes 2 to 3 parameters "
                        + "('DatasetMatch dataset keyMappings' or 'DatasetMatch dataset keyMappings matchMappings'), found 1"),
                arguments("Rules = [ IsPrimaryKey ]",
                        "1:11: IsPrimaryKey takes at least 1 parameter ('IsPrimaryKey column...'), found 0"),
                arguments("Rules = [ IsComplete \"\" ]", "1:22: empty parameter: give a column or value in the quotes"),
                arguments("Rules = [ AllStatistics \"a\" ]",
                        "1:11: AllStatistics is an analyzer, not a rule: list it under Analyzers = [ ... ]"),
                // conditions
                arguments("Rules = [ RowCount ]", "1:11: RowCount needs a condition, e.g. 'RowCount > 0'"),
                arguments("Rules = [ ColumnDataType \"a\" ]",
                        "1:11: ColumnDataType needs a condition, e.g. 'ColumnDataType \"column\" = \"value\"'"),
                arguments("Rules = [ IsComplete \"a\" > 0.5 ]",
                        "1:26: IsComplete takes no condition: it passes or fails by itself"),
                arguments("Rules = [ RowCount > \"many\" ]", "1:22: RowCount compares numbers: expected a number, found \"many\""),
                arguments("Rules = [ RowCount > 3 days ]",
                        "1:22: RowCount compares numbers: expected a number, found 3 days"),
                arguments("Rules = [ RowCount matches \"x\" ]", "1:20: 'matches' applies to text; RowCount measures numbers"),
                arguments("Rules = [ ColumnValues \"a\" > \"abc\" ]",
                        "1:28: '>' compares numbers or dates; ColumnValues values here are text: use =, !=, in or matches"),
                arguments("Rules = [ ColumnValues \"d\" > \"2023-02-30\" ]", "1:30: invalid date or time \"2023-02-30\""),
                arguments("Rules = [ ColumnValues \"d\" between \"2023-01-01\" and 5 ]",
                        "1:53: ColumnValues compares dates: expected a date, found 5"),
                arguments("Rules = [ ColumnValues \"d\" > (now() - 3 weeks) ]",
                        "1:41: expected ')', found 'weeks'"),
                arguments("Rules = [ ColumnValues \"d\" > (now() - 3) ]",
                        "1:39: a date moves by a duration such as 3 days, found 3"),
                arguments("Rules = [ DataFreshness \"t\" <= 24 ]",
                        "1:32: DataFreshness compares durations: expected a duration such as 3 days, found 24"),
                arguments("Rules = [ DataFreshness \"t\" <= 1.5 days ]",
                        "1:32: a duration is a whole number of units, found 1.5"),
                arguments("Rules = [ FileSize > 10 ]",
                        "1:22: FileSize compares sizes: expected a size such as 10 MB, found 10"),
                arguments("Rules = [ ColumnValues \"a\" matches \"[a-\" ]",
                        "1:36: invalid regular expression: Illegal character range at index 3"),
                arguments("Rules = [ RowCount between NULL and 5 ]",
                        "1:28: NULL is not a number; NULL can only be compared with = or !="),
                // dynamic rules
                arguments("Rules = [ RowCount > averag(last(3)) ]", "1:22: unknown function 'averag' (dynamic rules "
                        + "use avg, median, min, max, sum, std, abs and index over last(k))"),
                arguments("Rules = [ RowCount > avgg(last(3)) ]", "1:22: unknown function 'avgg', did you mean 'avg'? "
                        + "(dynamic rules use avg, median, min, max, sum, std, abs and index over last(k))"),
                arguments("Rules = [ RowCount > last(3) ]",
                        "1:22: last(k) is a list of past values: aggregate it, e.g. avg(last(3))"),
                arguments("Rules = [ RowCount > avg(3) ]", "1:26: avg aggregates past values: its argument is last(k), found 3"),
                arguments("Rules = [ RowCount > avg(last(0)) ]",
                        "1:26: last(k) takes one whole number k >= 1, the count of past runs"),
                arguments("Rules = [ RowCount > index(last(3), -1) ]",
                        "1:37: the index of index(last(k), i) is a whole number >= 0"),
                // where, threshold, tags
                arguments("Rules = [ ColumnCount > 1 where \"a > 1\" ]", "1:11: 'where' is not allowed on ColumnCount"),
                arguments("Rules = [ IsComplete \"a\" where \"  \" ]", "1:11: the where clause of IsComplete is empty"),
                arguments("Rules = [ IsUnique \"a\" with threshold > 0.9 ]",
                        "1:24: 'with threshold' is not allowed on IsUnique"),
                arguments("Rules = [ ColumnValues \"a\" > 0 with threshold > 90 ]",
                        "1:49: a threshold is the share of rows that must pass, between 0 and 1, found 90"),
                arguments("Rules = [ ColumnValues \"a\" > 0 with threshold > 0.5 with threshold < 0.9 ]",
                        "1:53: 'with threshold' is given twice"),
                arguments("Rules = [ ColumnValues \"a\" > 0 with threshold matches \"x\" ]",
                        "1:47: a threshold is compared with a number, e.g. 'with threshold > 0.9'"),
                arguments("Rules = [ FileMatch in [\"x\"] with hashAlgorithm != \"MD5\" ]",
                        "1:49: 'with hashAlgorithm' takes '= value' (a string or a number)"),
                // variables
                arguments("Rules = [ ColumnValues \"a\" in $codes ]", "1:31: undefined variable '$codes'"),
                arguments("codes = [\"A\"]\nRules = [ ColumnValues \"a\" in $code ]",
                        "2:31: undefined variable '$code', did you mean 'codes'?"),
                arguments("code = \"A\"\nRules = [ ColumnValues \"a\" in $code ]", "2:31: $code holds a string; 'in' needs a list"),
                arguments("codes = [\"A\"]\nRules = [ IsComplete $codes ]",
                        "2:22: $codes holds a list; a parameter takes a string"),
                arguments("a = \"x\"\na = \"y\"\nRules = [ RowCount > 0 ]", "2:1: variable 'a' is already declared at 1:1"),
                arguments("a = \"x\"\nb = $a\nRules = [ RowCount > 0 ]",
                        "2:5: a variable's value cannot refer to another variable ($a)"),
                arguments("_a = \"x\"\nRules = [ RowCount > 0 ]", "1:1: variable names start with a letter: '_a'"),
                arguments("Rules = [ RowCount > 0 ]\na = \"x\"", "2:1: variable declarations must come before Rules"),
                // labels
                arguments("Rules = [ RowCount > 0 labels = [\"k\" = \"a\", \"k\" = \"b\"] ]", "1:45: duplicate label \"k\""),
                arguments("Rules = [ RowCount > 0 labels = [\"\" = \"a\"] ]", "1:34: label key is empty"),
                arguments("Rules = [ RowCount > 0 labels = [" + labels(11) + "] ]",
                        "1:" + (("Rules = [ RowCount > 0 labels = [" + labels(11)).indexOf("\"k10\"") + 1)
                                + ": at most 10 labels are allowed, found 11"),
                arguments("DefaultLabels = [" + labels(6) + "]\nRules = [ RowCount > 0 labels = [\"x1\" = \"v\", "
                        + "\"x2\" = \"v\", \"x3\" = \"v\", \"x4\" = \"v\", \"x5\" = \"v\"] ]",
                        "2:11: this rule has 11 labels with DefaultLabels; at most 10 are allowed"),
                arguments("Rules = [ (RowCount > 0 labels = [\"a\" = \"b\"]) labels = [\"c\" = \"d\"] ]",
                        "1:47: labels are given twice: once inside the parentheses and once after them"),
                // analyzers
                arguments("Analyzers = [ IsComplete \"a\" ]",
                        "1:15: IsComplete is a rule, not an analyzer: list it under Rules = [ ... ] with a condition"),
                arguments("Analyzers = [ RowCont ]", "1:15: unknown analyzer 'RowCont', did you mean 'RowCount'?"),
                arguments("Analyzers = [ Mean ]", "1:15: Mean takes 1 parameter ('Mean column'), found 0"),
                arguments("Analyzers = [ RowCount > 0 ]", "1:24: expected ',' or ']' after analyzer, found '>'"));
    }

    private static String labels(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\" = \"v\"");
        }
        return text.toString();
    }

    @ParameterizedTest
    @MethodSource("invalidRulesets")
    void reportsThePreciseErrorAndPosition(String dqdl, String expected) {
        ParseResult result = Dqdl.parse(dqdl);
        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).extracting(e -> e.line() + ":" + e.column() + ": " + e.message())
                .contains(expected);
    }

    @Test
    void collectsEveryErrorNotJustTheFirst() {
        ParseResult result = Dqdl.parse("""
                Rules = [
                    RowCnt > 0,
                    IsUnique "a" with threshold > 0.5,
                    ColumnValues "d" > "2023-13-01"
                ]
                """);
        assertThat(result.errors()).extracting(e -> e.line() + ":" + e.column()).containsExactly("2:5", "3:18", "4:24");
    }

    @Test
    void keepsCheckingRulesAfterASyntaxError() {
        ParseResult result = Dqdl.parse("Rules = [\n  IsComplete \"a\" IsUnique \"b\",\n  RowCount >,\n  RowCount > 0\n]");
        assertThat(result.errors()).extracting(e -> e.line() + ":" + e.column() + ": " + e.message()).containsExactly(
                "2:18: expected ',' or ']' after rule, found 'IsUnique'",
                "3:13: expected a value, found ','");
    }

    @Test
    void reportsErrorsOnCrlfInputAtTheSameLinesAndColumnsAsLf() {
        String lf = "Rules = [\n    RowCount > 0,\n    RowCnt > 1\n]\n";
        List<Diagnostic> fromLf = Dqdl.parse(lf).errors();
        List<Diagnostic> fromCrlf = Dqdl.parse(lf.replace("\n", "\r\n")).errors();
        assertThat(fromCrlf).isEqualTo(fromLf).hasSize(1);
        assertThat(fromCrlf.get(0).line()).isEqualTo(3);
        assertThat(fromCrlf.get(0).column()).isEqualTo(5);
    }

    @Test
    void rejectsHostileNestingWithAnErrorInsteadOfAStackOverflow() {
        String parentheses = "Rules = [ RowCount > " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " ]";
        assertThat(Dqdl.parse(parentheses).errors()).extracting(Diagnostic::toString)
                .containsExactly("line 1:121: nested more than 100 levels deep");
        String minus = "Rules = [ RowCount > " + "-".repeat(20_000) + "1 ]";
        assertThat(Dqdl.parse(minus).errors()).extracting(Diagnostic::message)
                .containsExactly("nested more than 100 levels deep");
        String chain = "Rules = [ " + String.join(" and ", java.util.Collections.nCopies(20_000, "(RowCount > 0)")) + " ]";
        assertThat(Dqdl.parse(chain).errors()).extracting(Diagnostic::message)
                .containsExactly("a composite rule may combine at most 1000 rules with 'and' / 'or'");
    }

    @Test
    void acceptsNestingUpToTheLimits() {
        String chain = "Rules = [ " + String.join(" or ", java.util.Collections.nCopies(1000, "(RowCount > 0)")) + " ]";
        ParseResult result = Dqdl.parse(chain);
        assertThat(result.errors()).isEmpty();
        assertThat(Dqdl.parse(Dqdl.format(result.orElseThrow())).ruleset()).isEqualTo(result.ruleset());
        String parentheses = "Rules = [ RowCount > " + "(".repeat(98) + "1" + ")".repeat(98) + " ]";
        assertThat(Dqdl.parse(parentheses).errors()).isEmpty();
    }

    @Test
    void formatsErrorsAsTheCommandLineContractSays() {
        Diagnostic error = Dqdl.parse("Rules = [ RowCnt > 0 ]").errors().get(0);
        assertThat(error.format("rules.dqdl"))
                .isEqualTo("rules.dqdl:1:11: error: unknown rule type 'RowCnt', did you mean 'RowCount'?");
    }
}

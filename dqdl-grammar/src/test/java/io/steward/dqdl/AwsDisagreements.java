package io.steward.dqdl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known disagreements with AWS's parser (software.amazon.glue:dqdl 1.0.0, the newest on Maven
 * Central), keyed by the corpus label (the input, or the example file's path), each with the
 * reason Steward's verdict is the right one.
 */
final class AwsDisagreements {

    private AwsDisagreements() {
    }

    /** Inputs written to probe AWS's known weaknesses; they join the corpus. */
    static final List<String> PROBES = List.of(
            "Rules = [ RowCount > 0 ] trailing garbage",
            "Rules = [ RowCount > 0 ]\r\n",
            "Rules = [\r\n  RowCount > 0,\r\n  IsComplete \"a\"\r\n]",
            "Rules = [ RowCount > 0 ] # comment at end of file without newline",
            "Rules = [ IsComplete colA ]",
            "Rules = [ ColumnValues \"a\" ! = 5 ]",
            "Rules = [ RowCount > average(last(10)) ]",
            "Rules = [ RowCount > frobnicate(3) ]",
            "Rules = [ IsComplete \"2023-01-01\" ]",
            "x = \"a\"\nRules = [ IsComplete $x ]");

    // Features AWS added to DQDL after 1.0.0 (they are in the current awslabs/dqdl grammar and
    // rule catalogue), which Steward implements.
    private static final String NEWER_LABELS = "labels = [...] and DefaultLabels are documented DQDL (added to AWS's "
            + "grammar after 1.0.0).";
    private static final String NEWER_VARARGS = "IsUnique and Uniqueness take several columns in the current AWS rule "
            + "catalogue (1.0.0 allowed one).";
    private static final String NEWER_VARIANCE = "Variance is in the current AWS rule catalogue (added after 1.0.0).";
    private static final String NEWER_VARIABLE_PARAMETER = "A $variable as a rule parameter is in the current AWS "
            + "grammar (added after 1.0.0).";

    // AWS defects Steward does not share.
    private static final String AWS_CRLF = "Windows (CRLF) line endings are whitespace; AWS's lexer treats '\\r' "
            + "as an error.";
    private static final String AWS_COMMENT_AT_EOF = "A comment may end the file without a newline; AWS's lexer "
            + "requires one.";
    private static final String AWS_BOM = "A UTF-8 byte order mark (added by some Windows editors) is not content.";
    private static final String AWS_DATE_TOKEN = "AWS lexes any \"YYYY-MM-DD\" string as a date, so a column named "
            + "like a date cannot be a parameter; Steward decides from context.";
    private static final String AWS_NPE = "AWS throws NullPointerException on a $variable inside an 'in' list; "
            + "the ruleset is valid DQDL.";
    private static final String AWS_TRAILING_GARBAGE = "Text after the last section is an error; AWS's grammar has "
            + "no EOF anchor and silently ignores it.";
    private static final String AWS_SECTION_ORDER = "Sections have one documented order and appear once; AWS "
            + "accepts (and silently drops) out-of-order or repeated sections.";
    private static final String AWS_DATA_SOURCES = "\"Primary\" names one data source; AWS accepts a list and "
            + "mangles it into one string.";

    // Semantic checks Steward makes and AWS leaves to evaluation time (or never makes).
    private static final String CHECK_EMPTY = "An empty column name or where clause cannot be evaluated.";
    private static final String CHECK_DATES = "An impossible date or time fails at evaluation; Steward reports it "
            + "at its position now.";
    private static final String CHECK_UNITS = "FileSize compares sizes: a bare number has no unit (bytes? MB?) and "
            + "AWS's evaluator rejects it later.";
    private static final String CHECK_REGEX = "An invalid regular expression fails every row at evaluation; Spark "
            + "uses java.util.regex, which Steward compiles now.";
    private static final String CHECK_NULL_ORDER = "NULL has no order: 'between NULL and 5' can never be true.";
    private static final String CHECK_FUNCTIONS = "Dynamic rules have a fixed set of functions (avg, median, min, "
            + "max, sum, std, abs, index over last(k)); AWS accepts any name and arguments and fails at evaluation.";
    private static final String CHECK_THRESHOLD = "A threshold is the share of rows that must pass, 0 to 1; 90 can "
            + "never be met.";
    private static final String CHECK_VARIABLES = "A $variable must be declared, before Rules, of the right kind "
            + "(a list for 'in'), and not refer to another variable; AWS resolves none of this in 1.0.0.";

    // Deliberate, documented choices.
    private static final String CHOICE_BARE_WORD = "A bare word is a parameter only after 'of' (DetectAnomalies of "
            + "RowCount); otherwise a missing comma between two rules would turn the second rule into parameters "
            + "of the first. Column names are quoted, as the reference writes them.";
    private static final String CHOICE_NOT_EQUAL = "'!=' is one operator as documented; AWS's grammar happens to "
            + "allow '! ='.";
    private static final String CHOICE_UNARY_MINUS = "Unary minus applies to any number expression; AWS allows it "
            + "only before a literal.";
    private static final String CHOICE_NUMBER_VARIABLES = "Variables may hold numbers and lists of numbers for "
            + "'in'; AWS variables hold only strings.";
    private static final String CHOICE_MATCHES_VARIABLE = "'matches $pattern' takes a variable like '=' and 'in' "
            + "do; AWS's grammar forgot it.";

    static final Map<String, String> REASONS = reasons();

    private static Map<String, String> reasons() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("Rules = [ IsUnique \"first\" \"last\" ]", NEWER_VARARGS);
        reasons.put("Rules = [ Uniqueness \"a\" \"b\" = 1.0 ]", NEWER_VARARGS);
        reasons.put("Rules = [ Variance \"price\" < 100 ]", NEWER_VARIANCE);
        reasons.put("Rules = [ IsComplete \"a\" and IsUnique \"a\" OR RowCount > 0 ]", NEWER_VARARGS
                + " Here AWS 1.0.0 also reads 'and IsUnique' as a second parameter of IsComplete.");
        reasons.put("Rules = [ (ColumnValues \"c\" != NULL AND ColumnLength \"c\" > 0) labels = [\"rule_id\" = \"123\"] ]",
                NEWER_LABELS);
        reasons.put("Rules = [ IsPrimaryKey \"colZ\" labels = [\"key\" = \"value\"] ]", NEWER_LABELS);
        reasons.put("Rules = [ IsComplete \"a\" labels=[\"team\"=\"x\",\"tier\"=\"1\"] ]", NEWER_LABELS);
        reasons.put("DefaultLabels = [\"team\" = \"data\", \"env\" = \"prod\"]\nRules = [ RowCount > 0 ]", NEWER_LABELS);
        reasons.put("Rules = [ ColumnValues \"a\" > 0 where \"a > 1\" labels = [\"k\" = \"v\"] with threshold > 0.5 ]",
                NEWER_LABELS);
        reasons.put("src-test-data/rulesets/customers.dqdl", NEWER_LABELS);
        reasons.put("src-test-data/rulesets/orders.dqdl", NEWER_LABELS);
        reasons.put("sql = \"select count(*) from primary\"\nRules = [ CustomSql $sql > 0 ]", NEWER_VARIABLE_PARAMETER);
        reasons.put("col = \"id\"\nRules = [ IsComplete $col ]", NEWER_VARIABLE_PARAMETER);
        reasons.put("x = \"a\"\nRules = [ IsComplete $x ]", NEWER_VARIABLE_PARAMETER);
        reasons.put("p = \"^[A-Z]{2}$\"\nRules = [ ColumnValues \"country\" matches $p ]", CHOICE_MATCHES_VARIABLE);
        reasons.put("name = \"Alice\"\nRules = [ ColumnValues \"name\" = $name, ColumnValues \"n\" in [$name, \"Bob\"] ]",
                AWS_NPE);
        reasons.put("nums = [1, 2, 3]\nRules = [ ColumnValues \"n\" in $nums ]", CHOICE_NUMBER_VARIABLES);
        reasons.put("Rules = [ RowCount > -(avg(last(3)) - 5) ]", CHOICE_UNARY_MINUS);
        reasons.put("# a comment\nRules = [ # first line\n  RowCount > 0, # trailing\n  # before\n  IsComplete \"a\"\n"
                + "  # dangling\n]\n# end", AWS_COMMENT_AT_EOF);
        reasons.put("Rules = [ RowCount > 0 ] # no newline at the end", AWS_COMMENT_AT_EOF);
        reasons.put("Rules = [ RowCount > 0 ] # comment at end of file without newline", AWS_COMMENT_AT_EOF);
        reasons.put("Rules = [\r\n  RowCount > 0,\r\n  IsComplete \"a\"\r\n]\r\n", AWS_CRLF);
        reasons.put("Rules = [\r\n  RowCount > 0,\r\n  IsComplete \"a\"\r\n]", AWS_CRLF);
        reasons.put("Rules = [ RowCount > 0 ]\r\n", AWS_CRLF);
        reasons.put("\uFEFFRules = [ RowCount > 0 ]", AWS_BOM);
        reasons.put("Rules = [ IsComplete \"2023-01-01\" ]", AWS_DATE_TOKEN);
        reasons.put("Rules = [ RowCount > 0 ] garbage", AWS_TRAILING_GARBAGE);
        reasons.put("Rules = [ RowCount > 0 ] trailing garbage", AWS_TRAILING_GARBAGE);
        reasons.put("Rules = [ RowCount > 0 ] ]", AWS_TRAILING_GARBAGE);
        reasons.put("Rules = [ RowCount > 0 ]\nMetadata = { \"Version\": \"1.0\" }", AWS_SECTION_ORDER);
        reasons.put("Rules = [ RowCount > 0 ]\nRules = [ RowCount > 1 ]", AWS_SECTION_ORDER);
        reasons.put("Rules = [ RowCount > 0 ]\na = \"x\"", AWS_SECTION_ORDER);
        reasons.put("DataSources = { \"Primary\": [\"a\"] }\nRules = [ RowCount > 0 ]", AWS_DATA_SOURCES);
        reasons.put("Rules = [ IsComplete \"\" ]", CHECK_EMPTY);
        reasons.put("Rules = [ IsComplete \"a\" where \"  \" ]", CHECK_EMPTY);
        reasons.put("Rules = [ ColumnValues \"d\" > \"2023-02-30\" ]", CHECK_DATES);
        reasons.put("src-test-data/rulesets/invalid/undefined-variable.dqdl", CHECK_VARIABLES + " " + CHECK_DATES);
        reasons.put("Rules = [ FileSize > 10 ]", CHECK_UNITS);
        reasons.put("Rules = [ ColumnValues \"a\" matches \"[a-\" ]", CHECK_REGEX);
        reasons.put("Rules = [ RowCount between NULL and 5 ]", CHECK_NULL_ORDER);
        reasons.put("Rules = [ RowCount > averag(last(3)) ]", CHECK_FUNCTIONS);
        reasons.put("Rules = [ RowCount > avgg(last(3)) ]", CHECK_FUNCTIONS);
        reasons.put("Rules = [ RowCount > last(3) ]", CHECK_FUNCTIONS);
        reasons.put("Rules = [ RowCount > avg(3) ]", CHECK_FUNCTIONS);
        reasons.put("Rules = [ RowCount > avg(last(0)) ]", CHECK_FUNCTIONS);
        reasons.put("Rules = [ RowCount > index(last(3), -1) ]", CHECK_FUNCTIONS);
        reasons.put("Rules = [ RowCount > average(last(10)) ]", CHECK_FUNCTIONS);
        reasons.put("Rules = [ RowCount > frobnicate(3) ]", CHECK_FUNCTIONS);
        reasons.put("Rules = [ ColumnValues \"a\" > 0 with threshold > 90 ]", CHECK_THRESHOLD);
        reasons.put("Rules = [ ColumnValues \"a\" in $codes ]", CHECK_VARIABLES);
        reasons.put("codes = [\"A\"]\nRules = [ ColumnValues \"a\" in $code ]", CHECK_VARIABLES);
        reasons.put("code = \"A\"\nRules = [ ColumnValues \"a\" in $code ]", CHECK_VARIABLES);
        reasons.put("a = \"x\"\nb = $a\nRules = [ RowCount > 0 ]", CHECK_VARIABLES);
        reasons.put("Rules = [ IsComplete colA ]", CHOICE_BARE_WORD);
        reasons.put("Rules = [ ColumnValues \"a\" ! = 5 ]", CHOICE_NOT_EQUAL);
        return Map.copyOf(reasons);
    }
}

package io.steward.dqdl;

import io.steward.dqdl.ast.CompositeRule;
import io.steward.dqdl.ast.Condition;
import io.steward.dqdl.ast.Expression;
import io.steward.dqdl.ast.Parameter;
import io.steward.dqdl.ast.Rule;
import io.steward.dqdl.ast.Ruleset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every documented feature of DQDL, written as the AWS Glue reference writes it, is accepted. */
class ValidRulesetsTest {

    static Stream<String> documentedRulesets() {
        return ValidExamples.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("documentedRulesets")
    void acceptsDocumentedSyntax(String dqdl) {
        ParseResult result = Dqdl.parse(dqdl);
        assertThat(result.errors()).as(dqdl).isEmpty();
        assertThat(result.ruleset()).isPresent();
    }

    @Test
    void andBindsTighterThanOr() {
        CompositeRule or = (CompositeRule) single(
                "Rules = [ (RowCount > 0) or (IsComplete \"a\") and (IsUnique \"b\") ]").ruleEntries().get(0).rule();
        assertThat(or.operator()).isEqualTo(CompositeRule.Operator.OR);
        assertThat(((Rule) or.operands().get(0)).type()).isEqualTo("RowCount");
        CompositeRule and = (CompositeRule) or.operands().get(1);
        assertThat(and.operator()).isEqualTo(CompositeRule.Operator.AND);
        assertThat(and.operands()).extracting(r -> ((Rule) r).type()).containsExactly("IsComplete", "IsUnique");
    }

    @Test
    void parenthesesOverridePrecedence() {
        CompositeRule and = (CompositeRule) single(
                "Rules = [ ((RowCount > 0) or (IsComplete \"a\")) and (IsUnique \"b\") ]").ruleEntries().get(0).rule();
        assertThat(and.operator()).isEqualTo(CompositeRule.Operator.AND);
        assertThat(((CompositeRule) and.operands().get(0)).operator()).isEqualTo(CompositeRule.Operator.OR);
    }

    @Test
    void chainsOfOneOperatorAreOneNode() {
        CompositeRule and = (CompositeRule) single(
                "Rules = [ (RowCount > 0) and ((RowCount > 1) and (RowCount > 2)) and (RowCount > 3) ]")
                .ruleEntries().get(0).rule();
        assertThat(and.operands()).hasSize(4).allMatch(r -> r instanceof Rule);
    }

    @Test
    void keepsParametersConditionWhereLabelsAndTags() {
        Rule rule = firstRule("Rules = [ ColumnValues \"amount\" between 0 and 10 where \"status = 'PAID'\" "
                + "labels = [\"team\" = \"finance\"] with threshold > 0.9 ]");
        assertThat(rule.type()).isEqualTo("ColumnValues");
        assertThat(rule.parameters()).containsExactly(Parameter.quoted("amount"));
        Condition.Between between = (Condition.Between) rule.condition().orElseThrow();
        assertThat(between.negated()).isFalse();
        assertThat(((Expression.NumberLiteral) between.low()).value()).isEqualByComparingTo("0");
        assertThat(((Expression.NumberLiteral) between.high()).value()).isEqualByComparingTo("10");
        assertThat(rule.where()).contains("status = 'PAID'");
        assertThat(rule.labels()).extracting(l -> l.key() + "=" + l.value()).containsExactly("team=finance");
        assertThat(rule.tag("threshold").orElseThrow().condition())
                .isInstanceOfSatisfying(Condition.Comparison.class, c -> {
                    assertThat(c.operator()).isEqualTo(Condition.ComparisonOperator.GT);
                    assertThat(((Expression.NumberLiteral) c.operand()).value()).isEqualByComparingTo("0.9");
                });
    }

    @Test
    void recordsOneBasedPositionsOfRules() {
        Ruleset ruleset = single("Rules = [\n    RowCount > 0,\n\tIsComplete \"a\"\n]");
        assertThat(ruleset.ruleEntries().get(0).rule().position().line()).isEqualTo(2);
        assertThat(ruleset.ruleEntries().get(0).rule().position().column()).isEqualTo(5);
        assertThat(ruleset.ruleEntries().get(1).rule().position().line()).isEqualTo(3);
        assertThat(ruleset.ruleEntries().get(1).rule().position().column()).isEqualTo(2);
    }

    @Test
    void crlfAndLfLineEndingsGiveTheSameTreeAndLines() {
        String lf = "# checks\nRules = [\n    RowCount > 0, # rows\n    IsComplete \"a\"\n]\n";
        Ruleset fromLf = single(lf);
        Ruleset fromCrlf = single(lf.replace("\n", "\r\n"));
        assertThat(fromCrlf).isEqualTo(fromLf);
        assertThat(fromCrlf.ruleEntries().get(1).rule().position().line()).isEqualTo(4);
        assertThat(fromCrlf.ruleEntries().get(0).comments().trailing()).contains("rows");
    }

    @Test
    void decodesOnlyQuoteAndBackslashEscapes() {
        Rule rule = firstRule("Rules = [ ColumnValues \"a\" = \"\\d+ \\\"q\\\" \\\\\" ]");
        Expression.StringLiteral value = (Expression.StringLiteral) ((Condition.Comparison) rule.condition()
                .orElseThrow()).operand();
        assertThat(value.value()).isEqualTo("\\d+ \"q\" \\");
    }

    @Test
    void foldsUnaryMinusIntoNumbers() {
        Rule rule = firstRule("Rules = [ ColumnCorrelation \"a\" \"b\" between -0.5 and - 1 ]");
        Condition.Between between = (Condition.Between) rule.condition().orElseThrow();
        assertThat(((Expression.NumberLiteral) between.low()).value()).isEqualTo(new BigDecimal("-0.5"));
        assertThat(((Expression.NumberLiteral) between.high()).value()).isEqualTo(new BigDecimal("-1"));
    }

    @Test
    void parsesDateArithmeticWithNow() {
        Rule rule = firstRule("Rules = [ ColumnValues \"d\" > (now() - 3 days) ]");
        Expression.Arithmetic arithmetic = (Expression.Arithmetic) ((Condition.Comparison) rule.condition()
                .orElseThrow()).operand();
        assertThat(arithmetic.left()).isInstanceOf(Expression.Now.class);
        assertThat(arithmetic.operator()).isEqualTo(Expression.ArithmeticOperator.SUBTRACT);
        assertThat(arithmetic.right()).isEqualTo(new Expression.DurationLiteral(new BigDecimal("3"),
                Expression.DurationUnit.DAYS, io.steward.dqdl.ast.Position.NONE));
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        Rule rule = firstRule("Rules = [ RowCount > avg(last(10)) + std(last(10)) * 2 ]");
        Expression.Arithmetic sum = (Expression.Arithmetic) ((Condition.Comparison) rule.condition().orElseThrow())
                .operand();
        assertThat(sum.operator()).isEqualTo(Expression.ArithmeticOperator.ADD);
        assertThat(((Expression.Arithmetic) sum.right()).operator()).isEqualTo(Expression.ArithmeticOperator.MULTIPLY);
    }

    @Test
    void groupedLabelsAttachToTheComposite() {
        CompositeRule composite = (CompositeRule) single(
                "Rules = [ (IsComplete \"a\" and IsUnique \"a\") labels = [\"id\" = \"7\"] ]").ruleEntries().get(0).rule();
        assertThat(composite.labels()).extracting(l -> l.value()).containsExactly("7");
    }

    @Test
    void keepsVariablesMetadataAndDataSources() {
        Ruleset ruleset = single("""
                Metadata = { "Version": "1.0" }
                DataSources = { "Primary": "orders", "AdditionalDataSources": ["ref", "old"] }
                codes = ["A", "B"]
                DefaultLabels = ["team" = "x"]
                Rules = [ ColumnValues "code" in $codes ]
                """);
        assertThat(ruleset.metadata().orElseThrow().entry("Version").orElseThrow().value()).contains("1.0");
        assertThat(ruleset.dataSources().orElseThrow().entry("AdditionalDataSources").orElseThrow().values())
                .contains(java.util.List.of("ref", "old"));
        assertThat(ruleset.variable("codes").orElseThrow().value()).isInstanceOf(Expression.ListLiteral.class);
        assertThat(ruleset.defaultLabels().orElseThrow().labels()).hasSize(1);
    }

    private static Ruleset single(String dqdl) {
        ParseResult result = Dqdl.parse(dqdl);
        assertThat(result.errors()).as(dqdl).isEmpty();
        return result.ruleset().orElseThrow();
    }

    private static Rule firstRule(String dqdl) {
        return (Rule) single(dqdl).ruleEntries().get(0).rule();
    }
}

package io.steward.rules;

import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ast.RuleEntry;
import io.steward.dqdl.ast.Ruleset;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-row results in AWS Glue's shape: each row gets the rules it passed, failed and skipped,
 * and "Passed" or "Failed" overall. A rule without a per-row meaning (RowCount, Mean, ...) and
 * a row outside a rule's where clause are skips; a row fails if it fails any rule.
 */
public final class RowLevelResults {

    public static final String RULES_PASS = "DataQualityRulesPass";
    public static final String RULES_FAIL = "DataQualityRulesFail";
    public static final String RULES_SKIP = "DataQualityRulesSkip";
    public static final String EVALUATION_RESULT = "DataQualityEvaluationResult";
    public static final String PASSED = "Passed";
    public static final String FAILED = "Failed";

    private RowLevelResults() {
    }

    /** The data with the four Glue columns added; lazy, so it costs nothing until written. */
    public static Dataset<Row> annotate(Ruleset ruleset, Dataset<Row> data, EvaluationOptions options) {
        Planner planner = Planner.forData(ruleset, data, options);
        List<String> pass = new ArrayList<>();
        List<String> fail = new ArrayList<>();
        List<String> skip = new ArrayList<>();
        for (RuleEntry entry : ruleset.ruleEntries()) {
            String name = SqlText.string(Dqdl.format(entry.rule()));
            Check check = planner.plan(entry.rule());
            Optional<String> predicate = check.rowPredicate();
            if (predicate.isEmpty()) {
                skip.add(name);
                continue;
            }
            String scope = check.rowScope().orElse("true");
            pass.add("IF(" + scope + " AND " + predicate.get() + ", " + name + ", NULL)");
            fail.add("IF(" + scope + " AND NOT " + predicate.get() + ", " + name + ", NULL)");
            skip.add("IF(" + scope + ", NULL, " + name + ")");
        }
        Column failColumn = names(fail);
        return data
                .withColumn(RULES_PASS, names(pass))
                .withColumn(RULES_FAIL, failColumn)
                .withColumn(RULES_SKIP, names(skip))
                .withColumn(EVALUATION_RESULT, functions.when(functions.size(functions.col(RULES_FAIL)).equalTo(0),
                        PASSED).otherwise(FAILED));
    }

    /** An array of the rule names that are not NULL for the row. */
    private static Column names(List<String> conditionals) {
        if (conditionals.isEmpty()) {
            return functions.expr("CAST(array() AS array<string>)");
        }
        return functions.expr("filter(array(" + String.join(", ", conditionals) + "), x -> x IS NOT NULL)");
    }
}

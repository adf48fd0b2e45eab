package io.steward.benchmarks;

/**
 * Generates large rulesets from realistic rule shapes that both Steward's and AWS's 1.0.0 parser
 * accept: completeness, allowed values, ranges with thresholds, patterns, where clauses,
 * composites, freshness, date arithmetic, dynamic rules and custom SQL.
 */
final class RulesetGenerator {

    private static final String[] TEMPLATES = {
            "IsComplete \"col_%d\"",
            "Completeness \"col_%d\" > 0.95",
            "ColumnValues \"col_%d\" in [\"NEW\", \"PAID\", \"SHIPPED\", \"CANCELLED\"]",
            "ColumnValues \"col_%d\" between 0 and 1000 with threshold > 0.9",
            "ColumnValues \"col_%d\" matches \"[A-Z]{2}[0-9]{6}\"",
            "Mean \"col_%d\" between 10 and 20 where \"status = 'PAID'\"",
            "(IsComplete \"col_%1$d\") and (IsUnique \"col_%1$d\")",
            "DataFreshness \"col_%d\" <= 24 hours",
            "ColumnValues \"col_%d\" > (now() - 3 days)",
            "RowCount > avg(last(10)) * 0.8",
            "CustomSql \"select count(*) from primary where col_%d < 0\" = 0",
            "ColumnLength \"col_%d\" between 1 and 64"};

    private RulesetGenerator() {
    }

    static String generate(int rules) {
        StringBuilder text = new StringBuilder("# Generated benchmark ruleset\nRules = [\n");
        for (int i = 0; i < rules; i++) {
            text.append("    ").append(String.format(TEMPLATES[i % TEMPLATES.length], i));
            text.append(i < rules - 1 ? ",\n" : "\n");
        }
        return text.append("]\n").toString();
    }
}

package io.steward.rules;

import io.steward.dqdl.Dqdl;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every supported rule type on a small orders table whose expected values were worked out by
 * hand (and, for the statistics, by Spark SQL), with a clock fixed at 2026-11-27T00:30Z.
 */
class RuleEngineTest {

    private static final Instant NOW = Instant.parse("2026-11-27T00:30:00Z");
    private static final EvaluationOptions OPTIONS = new EvaluationOptions(Clock.fixed(NOW, ZoneOffset.UTC), Map.of());

    private static SparkSession spark;
    private static Dataset<Row> orders;

    @BeforeAll
    static void data() {
        spark = TestSpark.session();
        orders = TestData.orders();
        orders.count();
    }

    private static EvaluationResult evaluate(String dqdl) {
        return new RuleEngine().evaluate(Dqdl.parse(dqdl).orElseThrow(), orders, OPTIONS);
    }

    private static RuleResult single(String rule) {
        return evaluate("Rules = [ " + rule + " ]").rules().get(0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "RowCount = 6                                                     | PASS",
            "RowCount between 1 and 6                                         | FAIL",
            "RowCount between 5 and 7                                         | PASS",
            "RowCount > 10                                                    | FAIL",
            "RowCount > 1 where \"status = 'PAID'\"                           | PASS",
            "RowCount = 2 where \"status = 'PAID'\"                           | PASS",
            "ColumnCount = 6                                                  | PASS",
            "ColumnCount > 6                                                  | FAIL",
            "ColumnExists \"email\"                                           | PASS",
            "ColumnExists \"phone\"                                           | FAIL",
            "ColumnNamesMatchPattern \"^[a-z_]+$\"                            | PASS",
            "ColumnNamesMatchPattern \"^[a-z]+$\"                             | FAIL",
            "Completeness \"email\" >= 0.8                                    | PASS",
            "Completeness \"email\" > 0.9                                     | FAIL",
            "IsComplete \"id\"                                                | PASS",
            "IsComplete \"customer\"                                          | FAIL",
            "IsComplete \"customer\" where \"id < 5\"                         | PASS",
            "IsUnique \"id\"                                                  | PASS",
            "IsUnique \"customer\"                                            | FAIL",
            "IsUnique \"customer\" \"id\"                                     | PASS",
            "Uniqueness \"customer\" < 0.9                                    | PASS",
            "IsPrimaryKey \"id\"                                              | PASS",
            "IsPrimaryKey \"id\" \"customer\"                                 | FAIL",
            "UniqueValueRatio \"customer\" = 0.75                             | PASS",
            "UniqueValueRatio \"customer\" > 0.9                              | FAIL",
            "Uniqueness \"customer\" > 0.9                                    | FAIL",
            "DistinctValuesCount \"status\" > 4                               | FAIL",
            "Entropy \"status\" > 1                                           | PASS",
            "Entropy \"status\" > 5                                           | FAIL",
            "Variance \"amount\" between 291 and 292                          | PASS",
            "Variance \"amount\" < 100                                        | FAIL",
            "Sum \"amount\" < 100                                             | FAIL",
            "ColumnCorrelation \"id\" \"amount\" < 0                          | FAIL",
            "DistinctValuesCount \"status\" = 4                               | PASS",
            "Mean \"amount\" = 35                                             | PASS",
            "Mean \"amount\" > 35                                             | FAIL",
            "Sum \"amount\" between 209 and 211                               | PASS",
            "Mean \"amount\" < 25 where \"status = 'PAID'\"                   | FAIL",
            "ColumnCorrelation \"id\" \"amount\" > 0.99                       | PASS",
            "ColumnValues \"status\" in [\"NEW\", \"PAID\", \"SHIPPED\", \"CANCELLED\"] | FAIL",
            "ColumnValues \"status\" in [\"NEW\", \"PAID\", \"SHIPPED\", \"CANCELLED\"] with threshold > 0.8 | PASS",
            "ColumnValues \"status\" in [\"NEW\", \"PAID\", \"SHIPPED\", \"CANCELLED\", NULL] | PASS",
            "ColumnValues \"status\" not in [\"DELETED\"]                     | PASS",
            "ColumnValues \"status\" != NULL                                  | FAIL",
            "ColumnValues \"email\" matches \"[a-z]+@[a-z]+\\.com\"           | FAIL",
            "ColumnValues \"email\" matches \"[a-z]+@[a-z]+\\.com\" with threshold >= 0.6 | PASS",
            "ColumnValues \"email\" matches \"[a-z]+\"                        | FAIL",
            "ColumnValues \"amount\" between 0 and 60                         | FAIL",
            "ColumnValues \"amount\" between 0 and 61                         | PASS",
            "ColumnValues \"amount\" > 15 where \"status = 'PAID'\"           | PASS",
            "ColumnValues \"created_at\" > (now() - 2 days)                   | FAIL",
            "ColumnValues \"created_at\" > (now() - 2 days) with threshold > 0.8 | PASS",
            "ColumnValues \"created_at\" > \"2026-11-01\"                     | PASS",
            "ColumnLength \"status\" between 2 and 10                         | FAIL",
            "ColumnLength \"status\" <= 9                                     | PASS",
            "ColumnDataType \"amount\" = \"DOUBLE\"                           | PASS",
            "ColumnDataType \"email\" = \"INTEGER\"                           | FAIL",
            "DataFreshness \"created_at\" <= 24 hours                         | FAIL",
            "DataFreshness \"created_at\" < 8 days                            | PASS",
            "CustomSql \"select count(*) from primary where amount > 30\" = 3 | PASS",
            "CustomSql \"select max(amount) from primary\" between 50 and 60 | FAIL",
            "CustomSql \"select id from primary where amount > 30\"         | FAIL",
            "CustomSql \"select id from primary where amount > 30\" with threshold >= 0.5 | PASS",
            "CustomSql \"select id from primary\"                           | PASS",
            "CustomSql \"select id, amount from primary\" > 0               | ERROR",
            "CustomSql \"select nope from primary\" > 0                     | ERROR",
            "CustomSql \"insert into primary select * from primary\"        | ERROR",
            "(IsComplete \"id\") and (IsComplete \"customer\")               | FAIL",
            "(IsComplete \"id\") or (IsComplete \"customer\")                | PASS",
            "(RowCount > 100) or ((IsUnique \"id\") and (Mean \"amount\" = 35)) | PASS"})
    void evaluatesRuleAsGlueDefinesIt(String rule, Outcome expected) {
        RuleResult result = single(rule.strip());
        assertThat(result.outcome()).as(result.message()).isEqualTo(expected);
    }

    /** Every rule type that can fail to evaluate, with the reason in the message (ColumnExists cannot). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "RowCount > 0 where \"nope > 1\"                        | nope",
            "ColumnCount > avg(last(3))                             | no earlier runs",
            "ColumnNamesMatchPattern \"[a-\"                         | invalid regular expression",
            "Completeness \"nope\" > 0.5                             | column nope does not exist",
            "IsComplete \"nope\"                                     | column nope does not exist",
            "Uniqueness \"nope\" > 0.5                               | column nope does not exist",
            "IsUnique \"nope\"                                       | column nope does not exist",
            "IsPrimaryKey \"id\" \"nope\"                            | column nope does not exist",
            "UniqueValueRatio \"nope\" > 0                           | column nope does not exist",
            "DistinctValuesCount \"status\" > 0 where \"id > 1\"     | not supported yet",
            "Entropy \"nope\" > 0                                    | column nope does not exist",
            "Mean \"email\" > 0                                      | email",
            "Sum \"email\" > 0                                       | email",
            "StandardDeviation \"email\" > 0                         | email",
            "Variance \"email\" > 0                                  | email",
            "ColumnCorrelation \"email\" \"amount\" > 0              | email",
            "ColumnValues \"nope\" > 0                               | column nope does not exist",
            "ColumnValues \"amount\" > 0 where \"nope > 1\"          | nope",
            "ColumnLength \"nope\" > 0                               | column nope does not exist",
            "ColumnDataType \"amount\" = \"UUID\"                    | unknown data type",
            "DataFreshness \"nope\" <= 1 days                        | column nope does not exist",
            "CustomSql \"select nope from primary\" > 0              | invalid SQL",
            "RowCountMatch \"elsewhere\" = 1                         | data source elsewhere was not given",
            "SchemaMatch \"elsewhere\" = 1                           | data source elsewhere was not given",
            "ReferentialIntegrity \"customer\" \"elsewhere.{id}\" = 1 | data source elsewhere was not given",
            "DatasetMatch \"elsewhere\" \"id\" = 1                   | data source elsewhere was not given",
            "AggregateMatch \"sum(nope)\" \"sum(amount)\" = 1        | invalid SQL",
            "DetectAnomalies \"RowCount\"                            | anomaly detection needs 3 earlier runs",
            "FileFreshness > now()                                  | give the path",
            "FileSize > 1 B                                         | give the path",
            "FileUniqueness = 1                                     | give the path",
            "FileMatch \"/no/such/a\" \"/no/such/b\"                 | does not exist"})
    void everyRuleTypeErrsWithItsReason(String rule, String reason) {
        RuleResult result = single(rule.strip());
        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ERROR);
        assertThat(result.message()).contains(reason.strip());
    }

    @Test
    void explainsTheOutcomeWithTheMetricAndTheRequirement() {
        RuleResult result = single("Completeness \"email\" > 0.9");
        assertThat(result.message()).isEqualTo("Completeness of email is 0.833333, required > 0.9");
        assertThat(result.metrics()).containsOnlyKeys("Column.email.Completeness");
        assertThat(result.metrics().get("Column.email.Completeness")).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(single("ColumnValues \"status\" in [\"NEW\", \"PAID\"]").message())
                .isEqualTo("ColumnValues of status: 50% of rows pass, required all rows");
        assertThat(single("RowCount > 1").metrics()).containsEntry("Dataset.*.RowCount", 6.0);
    }

    @Test
    void computesStatisticsAsSparkSqlDoes() {
        Row expected = orders.selectExpr("stddev_pop(amount)", "corr(id, amount)").first();
        assertThat(single("StandardDeviation \"amount\" > 0").metrics().get("Column.amount.StandardDeviation"))
                .isCloseTo(expected.getDouble(0), within(1e-9));
        assertThat(single("ColumnCorrelation \"id\" \"amount\" > 0").metrics().get("Multicolumn.id,amount.ColumnCorrelation"))
                .isCloseTo(expected.getDouble(1), within(1e-9));
    }

    @Test
    void anUnevaluableRuleIsAnErrorAndTheRestStillRun() {
        EvaluationResult result = evaluate("""
                Rules = [
                    Completeness "nope" > 0.5,
                    IsComplete "id" where "no_such_column > 1",
                    Mean "email" > 1,
                    CustomSql "drop table primary",
                    RowCount > avg(last(3)),
                    RowCount = 6
                ]
                """);
        assertThat(result.rules()).extracting(RuleResult::outcome).containsExactly(
                Outcome.ERROR, Outcome.ERROR, Outcome.ERROR, Outcome.ERROR, Outcome.ERROR, Outcome.PASS);
        assertThat(result.rules().get(0).message()).startsWith("column nope does not exist; the columns are id, ");
        assertThat(result.rules().get(1).message()).startsWith("invalid expression:").contains("no_such_column");
        assertThat(result.rules().get(2).message()).containsIgnoringCase("email");
        assertThat(result.rules().get(3).message()).isEqualTo("CustomSql runs read-only queries (SELECT ... FROM "
                + "primary); this statement is a DropTable");
        assertThat(result.rules().get(4).message()).contains("history");
        assertThat(result.score()).isCloseTo(1.0 / 6, within(1e-12));
    }

    @Test
    void countsTheRowsThatPassEveryRowLevelRule() {
        EvaluationResult result = evaluate("""
                Rules = [
                    IsComplete "customer",
                    ColumnValues "status" in ["NEW", "PAID", "SHIPPED", "CANCELLED"],
                    RowCount > 0
                ]
                """);
        assertThat(result.rowsTotal()).isEqualTo(6);
        assertThat(result.rowsPassed()).isEqualTo(4);
        assertThat(result.rowsFailed()).isEqualTo(2);
    }

    @Test
    void reportsTheAnalyzersSection() {
        EvaluationResult result = evaluate("""
                Rules = [ RowCount > 0 ]
                Analyzers = [ RowCount, Completeness "email", AllStatistics "amount", Mean "nope" ]
                """);
        assertThat(result.analyzers()).hasSize(4);
        assertThat(result.analyzers().get(0).metrics()).containsEntry("Dataset.*.RowCount", 6.0);
        assertThat(result.analyzers().get(2).metrics()).containsEntry("Column.amount.Maximum", 60.0)
                .containsEntry("Column.amount.Minimum", 10.0).containsKey("Column.amount.Mean");
        assertThat(result.analyzers().get(3).error()).hasValueSatisfying(e -> assertThat(e).contains("nope"));
    }

    /** What a piece of work cost Spark: jobs, and stages that read the data (see {@link #costOf}). */
    private record Cost(int jobs, int scans) {
    }

    /**
     * Counts the stages that read the data: a submitted stage without parent stages scans its
     * input (later stages read shuffle output). With adaptive execution one aggregation is two
     * Spark jobs, the shuffle-map stage and the result, but still one pass over the data.
     */
    private static Cost costOf(Runnable work) throws Exception {
        AtomicInteger scans = new AtomicInteger();
        AtomicInteger jobs = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }

            @Override
            public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
                if (submitted.stageInfo().parentIds().isEmpty()) {
                    scans.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            work.run();
            spark.sparkContext().listenerBus().waitUntilEmpty();
            return new Cost(jobs.get(), scans.get());
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    @Test
    void scanShareableRulesCostOneScanOfTheData() throws Exception {
        List<EvaluationResult> result = new ArrayList<>();
        Cost cost = costOf(() -> result.add(evaluate("""
                Rules = [
                    RowCount > 0,
                    Completeness "email" > 0.5,
                    IsComplete "id",
                    Mean "amount" > 0,
                    Sum "amount" > 0,
                    StandardDeviation "amount" < 100,
                    ColumnValues "status" in ["NEW", "PAID"] with threshold > 0.1,
                    ColumnValues "email" matches "[a-z@.]+" with threshold > 0.1,
                    ColumnLength "status" <= 9,
                    DataFreshness "created_at" < 30 days,
                    ColumnCorrelation "id" "amount" > 0,
                    ColumnCount = 6,
                    ColumnExists "id"
                ]
                """)));
        assertThat(result.get(0).rules()).allMatch(r -> r.outcome() == Outcome.PASS);
        assertThat(cost.scans()).isEqualTo(1);
        assertThat(cost.jobs()).isBetween(1, 2);
    }

    /**
     * Grouping metrics on one column are counted without grouping (FrequencySketch), all of them in
     * one more scan: a ruleset mixing them with scan-shareable rules reads the data twice. Deequ's
     * AnalysisRunner reads it twice more per grouping (a count, then the grouping with a shuffle).
     */
    @Test
    void groupingMetricsOfOneColumnShareOneMoreScan() throws Exception {
        List<EvaluationResult> result = new ArrayList<>();
        int scans = costOf(() -> result.add(evaluate("""
                Rules = [
                    RowCount > 0,
                    Mean "amount" > 0,
                    IsUnique "id",
                    Uniqueness "id" > 0.9,
                    DistinctValuesCount "status" > 1,
                    Entropy "status" > 0
                ]
                """))).scans();
        assertThat(result.get(0).rules()).allMatch(r -> r.outcome() == Outcome.PASS);
        assertThat(scans).isEqualTo(2);
    }

    /**
     * Past FrequencySketch.LIMIT distinct values, integers are still counted exactly without a
     * grouping (as bitmaps); strings give up and take a grouping pass. Both agree with Spark SQL.
     */
    @Test
    void manyDistinctValuesAreCountedExactlyWithOrWithoutAGroupingPass() throws Exception {
        // 30,000 rows, 25,000 distinct keys: keys below 5,000 occur twice, the others once.
        Dataset<Row> keys = spark.range(30_000).selectExpr("id % 25000 AS number", "concat('k', id % 25000) AS text");
        Row expected = keys.groupBy("number").count().selectExpr("count(*) AS distinct",
                "sum(CASE WHEN count = 1 THEN 1 ELSE 0 END) AS once").first();
        long distinct = expected.getLong(0);
        long once = expected.getLong(1);
        assertThat(distinct).isEqualTo(25_000);
        String rules = """
                Rules = [
                    Uniqueness "%1$s" between 0.66 and 0.67,
                    DistinctValuesCount "%1$s" = 25000,
                    UniqueValueRatio "%1$s" = 0.8
                ]
                """;
        for (String column : List.of("number", "text")) {
            List<EvaluationResult> result = new ArrayList<>();
            int scans = costOf(() -> result.add(new RuleEngine().evaluate(Dqdl.parse(rules.formatted(column))
                    .orElseThrow(), keys, OPTIONS))).scans();
            Map<String, Double> metrics = new java.util.HashMap<>();
            result.get(0).rules().forEach(r -> metrics.putAll(r.metrics()));
            assertThat(metrics).as(column).containsEntry("Column." + column + ".Uniqueness", (double) once / 30_000)
                    .containsEntry("Column." + column + ".DistinctValuesCount", (double) distinct)
                    .containsEntry("Column." + column + ".UniqueValueRatio", (double) once / distinct);
            assertThat(scans).as(column + ": integers counted in the sketch scan, strings then grouped as well")
                    .isEqualTo(column.equals("number") ? 2 : 3);
        }
    }

    @Test
    void resolvesVariablesInConditionsAndParameters() {
        EvaluationResult result = evaluate("""
                statuses = ["NEW", "PAID", "SHIPPED", "CANCELLED", NULL]
                column = "status"
                Rules = [ ColumnValues "status" in $statuses, IsComplete $column ]
                """);
        assertThat(result.rules()).extracting(RuleResult::outcome).containsExactly(Outcome.PASS, Outcome.FAIL);
        assertThat(List.of(result.rules().get(1).message())).allMatch(m -> m.contains("83.333333%"));
    }
}

package io.steward.rules;

import io.steward.dqdl.Dqdl;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Rules that compare the primary dataset with named sources; expected values worked out by hand. */
class DatasetComparisonTest {

    private static Dataset<Row> orders;
    private static EvaluationOptions options;

    @BeforeAll
    static void data() {
        SparkSession spark = TestSpark.session();
        orders = spark.sql("""
                SELECT * FROM VALUES
                  (1, 'c1', 'NEW', 10.0D), (2, 'c2', 'PAID', 20.0D), (3, 'c3', 'PAID', 30.0D),
                  (4, 'c3', 'SHIPPED', 40.0D), (5, NULL, 'CANCELLED', 50.0D), (6, 'c6', NULL, 60.0D)
                AS orders(id, customer, status, amount)""");
        Dataset<Row> customers = spark.sql("SELECT * FROM VALUES ('c1'), ('c2'), ('c3'), ('c6') AS customers(id)");
        // id 2 has another amount; everything else is equal.
        Dataset<Row> ordersV2 = orders.selectExpr("id AS order_id", "customer", "status",
                "CASE WHEN id = 2 THEN 25.0D ELSE amount END AS amount");
        Dataset<Row> narrower = orders.drop("amount");
        options = new EvaluationOptions(Clock.systemUTC(), Map.of("customers", customers, "orders_v2", ordersV2,
                "narrower", narrower, "copy", orders));
    }

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource(delimiter = '|', value = {
            "RowCountMatch \"customers\" = 1.5                                          | PASS | 1.5",
            "RowCountMatch \"copy\" = 1.0                                               | PASS | 1.0",
            "SchemaMatch \"copy\" = 1.0                                                 | PASS | 1.0",
            "SchemaMatch \"narrower\" >= 0.9                                            | FAIL | 0.75",
            "ReferentialIntegrity \"customer\" \"customers.{id}\" = 1.0                 | FAIL | 0.833333333333",
            "ReferentialIntegrity \"customer\" \"customers.{id}\" > 0.8                 | PASS | 0.833333333333",
            "DatasetMatch \"orders_v2\" \"id->order_id\" = 1.0                          | FAIL | 0.833333333333",
            "DatasetMatch \"orders_v2\" \"id->order_id\" \"status\" = 1.0               | PASS | 1.0",
            "DatasetMatch \"orders_v2\" \"id->order_id\" \"amount->amount\" > 0.8       | PASS | 0.833333333333",
            "AggregateMatch \"sum(amount)\" \"sum(orders_v2.amount)\" between 0.97 and 0.98 | PASS | 0.976744186047",
            "AggregateMatch \"avg(amount)\" \"avg(copy.amount)\" = 1.0                  | PASS | 1.0"})
    void comparesWithTheNamedSource(String rule, Outcome expected, double metric) {
        RuleResult result = evaluate(rule);
        assertThat(result.outcome()).as(result.message()).isEqualTo(expected);
        assertThat(result.metrics().values()).singleElement().satisfies(v -> assertThat(v).isCloseTo(metric, within(1e-9)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "RowCountMatch \"missing\" = 1.0             | data source missing was not given; pass --source missing=PATH",
            "ReferentialIntegrity \"customer\" \"customers\" = 1.0 | the reference columns are written source.{column,...}",
            "ReferentialIntegrity \"nope\" \"customers.{id}\" = 1.0 | column nope does not exist in the primary dataset",
            "DatasetMatch \"orders_v2\" \"id\" = 1.0     | column id does not exist in source orders_v2",
            "AggregateMatch \"sum(amount)\" \"sum(copy.amount) - sum(copy.amount)\" = 1.0 | the ratio is undefined"})
    void explainsWhyAComparisonCannotBeMade(String rule, String message) {
        RuleResult result = evaluate(rule);
        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.message()).contains(message.strip());
    }

    private static RuleResult evaluate(String rule) {
        return new RuleEngine().evaluate(Dqdl.parse("Rules = [ " + rule.strip() + " ]").orElseThrow(), orders, options)
                .rules().get(0);
    }
}

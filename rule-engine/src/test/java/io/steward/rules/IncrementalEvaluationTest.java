package io.steward.rules;

import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ast.Ruleset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Incremental evaluation against a full evaluation of the same data: after appends, a rewritten
 * partition and a removed one, every exact metric must be the same (floating-point merges may
 * differ in the last bits), while only new or changed partitions are read.
 */
class IncrementalEvaluationTest {

    private static final String RULES = """
            Rules = [
                RowCount > 0,
                Completeness "email" > 0.5,
                IsComplete "id",
                IsUnique "id",
                Uniqueness "customer" > 0.1,
                DistinctValuesCount "customer" > 2,
                Entropy "customer" > 0.5,
                UniqueValueRatio "customer" > 0.1,
                Mean "amount" between 10 and 1000,
                Sum "amount" > 0,
                StandardDeviation "amount" < 1000,
                ColumnValues "amount" between 0 and 500,
                ColumnLength "customer" between 2 and 10,
                ColumnValues "status" in ["NEW", "PAID", "SHIPPED"],
                ColumnCorrelation "amount" "id" between -1 and 1,
                Completeness "email" > 0.5 where "amount > 100",
                CustomSql "select count(*) from primary" > 0
            ]
            Analyzers = [
                Completeness "email",
                ColumnLength "email"
            ]""";

    private static SparkSession spark;

    @TempDir
    Path temp;

    @BeforeAll
    static void session() {
        spark = TestSpark.session();
    }

    @Test
    void appendedPartitionsAreReadAloneAndTheMetricsAreThoseOfTheWholeDataset() {
        Path lake = temp.resolve("orders");
        for (int day = 1; day <= 3; day++) {
            writeDay(lake, day, 40);
        }
        Ruleset rules = Dqdl.parse(RULES).orElseThrow();
        StateStore store = StateStore.open(temp.resolve("history"), "orders", rules);

        IncrementalEvaluation first = incremental(rules, lake, store);
        assertThat(first.scanned()).containsExactly("day=1", "day=2", "day=3");
        assertThat(first.fullScan()).as("every metric of these rules merges").isEmpty();
        assertSameAsFull(first, rules, lake);

        writeDay(lake, 4, 25);
        writeDay(lake, 5, 60);
        IncrementalEvaluation second = incremental(rules, lake, store);
        assertThat(second.scanned()).containsExactly("day=4", "day=5");
        assertThat(second.reused()).containsExactly("day=1", "day=2", "day=3");
        assertThat(second.result().rowsTotal()).isEqualTo(40 * 3 + 25 + 60);
        assertSameAsFull(second, rules, lake);

        IncrementalEvaluation unchanged = incremental(rules, lake, store);
        assertThat(unchanged.scanned()).isEmpty();
        assertSameAsFull(unchanged, rules, lake);
    }

    @Test
    void aRewrittenPartitionReplacesItsStateAndARemovedOneLeavesTheMetrics() throws IOException {
        Path lake = temp.resolve("orders");
        for (int day = 1; day <= 4; day++) {
            writeDay(lake, day, 30);
        }
        Ruleset rules = Dqdl.parse(RULES).orElseThrow();
        StateStore store = StateStore.open(temp.resolve("history"), "orders", rules);
        incremental(rules, lake, store);

        writeDay(lake, 2, 70); // reprocessed: other rows, more of them
        deleteRecursively(lake.resolve("day=3"));
        IncrementalEvaluation after = incremental(rules, lake, store);
        assertThat(after.scanned()).containsExactly("day=2");
        assertThat(after.reused()).containsExactly("day=1", "day=4");
        assertThat(after.removed()).containsExactly("day=3");
        assertThat(after.result().rowsTotal()).isEqualTo(30 + 70 + 30);
        assertSameAsFull(after, rules, lake);
        try (Stream<Path> folders = Files.list(temp.resolve("history").resolve("states"))) {
            Path rulesetFolder = folders.findFirst().orElseThrow();
            try (Stream<Path> parts = Files.list(Files.list(rulesetFolder).findFirst().orElseThrow().resolve("parts"))) {
                assertThat(parts.count()).as("states of replaced and removed parts are dropped").isEqualTo(3);
            }
        }
    }

    @Test
    void anotherRulesetKeepsItsOwnBookmark() {
        Path lake = temp.resolve("orders");
        writeDay(lake, 1, 10);
        writeDay(lake, 2, 10);
        Ruleset rules = Dqdl.parse(RULES).orElseThrow();
        Ruleset other = Dqdl.parse("Rules = [ RowCount = 20, Mean \"amount\" > 0 ]").orElseThrow();
        incremental(rules, lake, StateStore.open(temp.resolve("history"), "orders", rules));

        IncrementalEvaluation first = incremental(other, lake, StateStore.open(temp.resolve("history"), "orders", other));
        assertThat(first.scanned()).containsExactly("day=1", "day=2");
        assertThat(first.result().rules()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.PASS));
    }

    @Test
    void distinctValuesPastTheSketchLimitStayExactForIntegersAndAreHashedAndSaidApproximateForText() {
        Path lake = temp.resolve("events");
        for (int day = 1; day <= 3; day++) { // 22,000 distinct ids and refs: past the sketch's 10,000, day 3 alone too
            spark.range(day == 3 ? 12_000 : 5_000).selectExpr("CAST(" + day + " * 100000 + id AS BIGINT) AS id",
                            "concat('ref-', " + day + ", '-', id) AS ref", "CAST(id % 7 AS INT) AS bucket")
                    .coalesce(1).write().parquet(lake.resolve("day=" + day).toString());
        }
        Ruleset rules = Dqdl.parse("""
                Rules = [ IsUnique "id", Uniqueness "ref" > 0.99, DistinctValuesCount "ref" = 22000,
                          DistinctValuesCount "bucket" = 7 ]""").orElseThrow();
        StateStore store = StateStore.open(temp.resolve("history"), "events", rules);
        IncrementalEvaluation result = incremental(rules, lake, store);
        assertSameAsFull(result, rules, lake);
        assertThat(result.result().rules()).allSatisfy(r -> assertThat(r.outcome()).as(r.message())
                .isEqualTo(Outcome.PASS));
        assertThat(result.approximate()).hasSize(2).allSatisfy(a -> assertThat(a).contains("ref"));
    }

    @Test
    void metricsThatMoveWithTheClockAreComputedOverTheWholeDatasetAndTheRestStillMerges() {
        Path lake = temp.resolve("events");
        for (int day = 1; day <= 2; day++) {
            spark.range(10).selectExpr("id", "timestamp_seconds(1700000000 + id * 86400 * " + day + ") AS seen_at")
                    .coalesce(1).write().parquet(lake.resolve("day=" + day).toString());
        }
        Ruleset rules = Dqdl.parse("Rules = [ RowCount = 20, DataFreshness \"seen_at\" <= 5000 days ]")
                .orElseThrow();
        StateStore store = StateStore.open(temp.resolve("history"), "events", rules);
        incremental(rules, lake, store);
        IncrementalEvaluation again = incremental(rules, lake, store);
        assertThat(again.scanned()).as("nothing new: the fresh-today question does not make old days new").isEmpty();
        assertThat(again.fullScan()).isNotEmpty().allSatisfy(a -> assertThat(a).contains("seen_at"));
        assertSameAsFull(again, rules, lake);
    }

    @Test
    void aSecondRunOfTheSameRulesetOnTheSameDatasetIsRefusedWhileTheFirstHoldsTheStore() {
        Path lake = temp.resolve("orders");
        writeDay(lake, 1, 10);
        Ruleset rules = Dqdl.parse("Rules = [ RowCount = 10 ]").orElseThrow();
        StateStore store = StateStore.open(temp.resolve("history"), "orders", rules);
        try (StateStore.Lock held = store.lock()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> incremental(rules, lake, store))
                    .hasMessageContaining("another incremental check of this dataset with this ruleset is running");
        }
        assertThat(incremental(rules, lake, store).scanned()).containsExactly("day=1");
    }

    private static void assertSameAsFull(IncrementalEvaluation incremental, Ruleset rules, Path lake) {
        EvaluationResult full = new RuleEngine().evaluate(rules, spark.read().parquet(lake.toString()), options());
        EvaluationResult merged = incremental.result();
        assertThat(merged.rowsTotal()).isEqualTo(full.rowsTotal());
        assertThat(merged.rowsPassed()).isEqualTo(full.rowsPassed());
        assertThat(merged.rules()).hasSameSizeAs(full.rules());
        for (int i = 0; i < full.rules().size(); i++) {
            RuleResult expected = full.rules().get(i);
            RuleResult actual = merged.rules().get(i);
            assertThat(actual.outcome()).as(expected.rule() + ": " + actual.message()).isEqualTo(expected.outcome());
            assertThat(actual.metrics().keySet()).as(expected.rule()).isEqualTo(expected.metrics().keySet());
            expected.metrics().forEach((name, value) -> assertThat(actual.metrics().get(name)).as(expected.rule()
                    + " " + name).isCloseTo(value, within(Math.max(1e-9, Math.abs(value) * 1e-12))));
        }
        for (int i = 0; i < full.analyzers().size(); i++) {
            AnalyzerResult expected = full.analyzers().get(i);
            Map<String, Double> actual = merged.analyzers().get(i).metrics();
            expected.metrics().forEach((name, value) -> assertThat(actual.get(name)).as(name)
                    .isCloseTo(value, within(1e-9)));
        }
    }

    private static IncrementalEvaluation incremental(Ruleset rules, Path lake, StateStore store) {
        List<DataPart> parts;
        try (Stream<Path> days = Files.list(lake)) {
            parts = days.filter(Files::isDirectory).sorted().map(day -> new DataPart(day.getFileName().toString(),
                    fingerprint(day), parquetFiles(day))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DataPart.Reader reader = batch -> spark.read().option("basePath", lake.toString()).parquet(batch.stream()
                .flatMap(p -> p.files().stream()).map(Path::toString).toArray(String[]::new));
        return new RuleEngine().evaluateIncrementally(rules, spark.read().parquet(lake.toString()), parts, reader,
                store, options());
    }

    private static List<Path> parquetFiles(Path day) {
        try (Stream<Path> files = Files.list(day)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fingerprint(Path day) {
        try (Stream<Path> files = Files.list(day)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted()
                    .map(f -> f.getFileName() + ":" + f.toFile().length() + ":" + f.toFile().lastModified())
                    .toList().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EvaluationOptions options() {
        return new EvaluationOptions(Clock.systemUTC(), Map.of());
    }

    /**
     * One day of orders: ids unique across days, customers repeating within and across days (so
     * uniqueness needs the counts of every day), some emails missing, a few amounts out of range.
     */
    private static void writeDay(Path lake, int day, int rows) {
        Dataset<Row> orders = spark.range(rows).selectExpr(
                "CAST(" + day + " * 1000 + id AS BIGINT) AS id",
                "concat('c', CAST((id * 7 + " + day + ") % 13 AS STRING)) AS customer",
                "CASE WHEN id % 5 = 0 THEN NULL ELSE concat('u', id, '@example.com') END AS email",
                "CAST((id * 37 + " + day + " * 11) % 600 AS DOUBLE) + 0.25 AS amount",
                "element_at(array('NEW', 'PAID', 'SHIPPED', 'LOST'), CAST(1 + (id + " + day + ") % 4 AS INT)) AS status");
        orders.coalesce(1).write().mode(SaveMode.Overwrite).parquet(lake.resolve("day=" + day).toString());
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** `steward check` as DESIGN.md's contract says, on the sample orders (200 rows, 6 with defects). */
class CheckCommandTest {

    private static final Path TEST_DATA = Path.of(System.getProperty("steward.test-data", "../src-test-data"));
    private static final Path ORDERS = TEST_DATA.resolve("data/orders.csv");

    @TempDir
    Path directory;

    record Run(int exitCode, String out, String err) {
    }

    private Run steward(String... args) {
        return stewardWithoutHistory(withHistory(args));
    }

    /** Every test keeps its metric history in its own folder, never in the user's home. */
    private String[] withHistory(String... args) {
        if (args.length == 0 || !args[0].equals("check")) {
            return args;
        }
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--history";
        all[args.length + 1] = directory.resolve("history").toString();
        return all;
    }

    private static Run stewardWithoutHistory(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Steward.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path ruleset(String text) throws IOException {
        return Files.writeString(directory.resolve("rules.dqdl"), text);
    }

    @Test
    void exitsZeroWhenEveryRulePassesAndPrintsTheContractsJson() throws IOException {
        Path rules = ruleset("Rules = [ RowCount = 200, IsPrimaryKey \"order_id\", Mean \"amount\" > 100 ]");
        Run run = steward("check", "--ruleset", rules.toString(), "--data", ORDERS.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("dataset").asText()).isEqualTo(ORDERS.toString());
        assertThat(json.get("score").asDouble()).isEqualTo(1.0);
        assertThat(json.get("evaluationSeconds").asDouble()).isPositive();
        assertThat(json.at("/rules/0/rule").asText()).isEqualTo("RowCount = 200");
        assertThat(json.at("/rules/0/outcome").asText()).isEqualTo("PASS");
        assertThat(json.at("/rules/0/message").asText()).isEqualTo("RowCount is 200, required = 200");
        assertThat(json.at("/rules/0/metrics/Dataset.*.RowCount").asDouble()).isEqualTo(200.0);
        assertThat(json.at("/rows/total").asLong()).isEqualTo(200);
        assertThat(json.at("/rows/passed").asLong()).isEqualTo(200);
        assertThat(json.at("/rows/failed").asLong()).isZero();
    }

    @Test
    void exitsOneWhenARuleFailsOrErrsAndShowsATable() throws IOException {
        Path rules = ruleset("Rules = [ ColumnValues \"amount\" > 0, Completeness \"nope\" > 0.5, RowCount > 0 ]");
        Run run = steward("check", "--ruleset", rules.toString(), "--data", ORDERS.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("ColumnValues \"amount\" > 0", "FAIL",
                "ColumnValues of amount: 99.5% of rows pass, required all rows", "ERROR",
                "column nope does not exist", "score 0.33 (1 of 3 rules passed); rows 200: 199 passed, 1 failed");
    }

    @Test
    void anInvalidRulesetIsAnInputErrorWithPositions() throws IOException {
        Path rules = ruleset("Rules = [ RowCnt > 0 ]");
        Run run = steward("check", "--ruleset", rules.toString(), "--data", ORDERS.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(rules + ":1:11: error: unknown rule type 'RowCnt', did you mean 'RowCount'?\n");
    }

    @Test
    void missingDataIsAnInputError() throws IOException {
        Path rules = ruleset("Rules = [ RowCount > 0 ]");
        Run run = steward("check", "--ruleset", rules.toString(), "--data", directory.resolve("none.csv").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("none.csv: no such file or directory");
    }

    @Test
    void writesPassingRowsAndQuarantinesFailingOnesWithTheirRules() throws IOException {
        Path rules = ruleset("""
                Rules = [
                    ColumnValues "amount" > 0,
                    IsComplete "customer_id",
                    IsComplete "paid_at" where "status IN ('PAID', 'SHIPPED', 'DELIVERED')",
                    RowCount > 0
                ]
                """);
        Path output = directory.resolve("good");
        Path quarantine = directory.resolve("bad");
        Run run = steward("check", "--ruleset", rules.toString(), "--data", ORDERS.toString(), "--output",
                output.toString(), "--quarantine", quarantine.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);

        SparkSession spark = SparkSessions.create("steward-tests", "local[2]");
        Dataset<Row> good = spark.read().parquet(output.toString());
        Dataset<Row> bad = spark.read().parquet(quarantine.toString());
        assertThat(good.count()).isEqualTo(198);
        assertThat(good.columns()).containsExactly("order_id", "customer_id", "status", "amount", "currency", "email",
                "country", "created_at", "paid_at");
        assertThat(bad.count()).isEqualTo(2);
        List<Row> failed = bad.orderBy("order_id").select("order_id", "DataQualityRulesFail", "DataQualityRulesSkip",
                "DataQualityEvaluationResult", "DataQualityRunId").collectAsList();
        assertThat(failed.get(0).getInt(0)).isEqualTo(20);
        assertThat(failed.get(0).getList(1)).containsExactly("IsComplete \"customer_id\"");
        assertThat(failed.get(1).getInt(0)).isEqualTo(43);
        assertThat(failed.get(1).getList(1)).containsExactly("ColumnValues \"amount\" > 0");
        assertThat(failed.get(1).getList(2)).contains("RowCount > 0");
        assertThat(failed.get(0).getString(3)).isEqualTo("Failed");
        assertThat(failed.get(0).getString(4)).isEqualTo(failed.get(1).getString(4)).hasSize(36);
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("rules.dqdl", "good", "bad", "history");
        }
    }

    @Test
    void anIncrementalCheckReadsOnlyNewPartitionsAndQuarantinesTheirRows() throws IOException {
        Path lake = directory.resolve("lake");
        writePartition(lake, "day=2026-01-01", "order_id,amount\n1,10\n2,20\n");
        writePartition(lake, "day=2026-01-02", "order_id,amount\n3,30\n4,-1\n");
        Path rules = ruleset("Rules = [ RowCount > 0, IsUnique \"order_id\", ColumnValues \"amount\" >= 0 ]");
        String[] args = {"check", "--ruleset", rules.toString(), "--data", lake.toString(), "--incremental", "--json"};

        Run first = steward(args);
        JsonNode firstJson = new ObjectMapper().readTree(first.out());
        assertThat(firstJson.at("/incremental/scanned").toString()).isEqualTo("[\"day=2026-01-01\",\"day=2026-01-02\"]");
        assertThat(firstJson.at("/rows/total").asLong()).isEqualTo(4);

        writePartition(lake, "day=2026-01-03", "order_id,amount\n5,50\n1,-5\n");
        Path quarantine = directory.resolve("quarantine");
        Run second = steward(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                Stream.of("--quarantine", quarantine.toString())).toArray(String[]::new));
        JsonNode json = new ObjectMapper().readTree(second.out());
        assertThat(second.exitCode()).as(second.err()).isEqualTo(1);
        assertThat(json.at("/incremental/scanned").toString()).isEqualTo("[\"day=2026-01-03\"]");
        assertThat(json.at("/incremental/reused").asInt()).isEqualTo(2);
        assertThat(json.at("/rows/total").asLong()).as("the whole dataset").isEqualTo(6);
        assertThat(json.at("/rows/failed").asLong()).isEqualTo(2);
        assertThat(json.at("/rules/1/outcome").asText()).as("order_id 1 is in day 1 and day 3").isEqualTo("FAIL");
        assertThat(json.at("/rules/1/metrics/Column.order_id.Uniqueness").asDouble()).isEqualTo(4.0 / 6);
        SparkSession spark = SparkSessions.create("check-test", "local[1]");
        assertThat(spark.read().parquet(quarantine.toString()).selectExpr("order_id", "day").collectAsList()
                .stream().map(Row::toString).toList()).as("only the new day's failing row")
                .containsExactly("[1,2026-01-03]");
    }

    @Test
    void schemaRulesCompareWithTheCatalogsRegisteredSchemaVersions() throws IOException {
        Path data = Files.writeString(directory.resolve("sales.csv"), "id,amount,channel\n1,2.5,web\n2,3.5,shop\n");
        Path versions = Files.writeString(directory.resolve("versions.json"), """
                [{"version": 1, "fields": [{"name": "id", "type": "int"}, {"name": "amount", "type": "double"},
                                           {"name": "legacy", "type": "string"}]},
                 {"version": 2, "fields": [{"name": "id", "type": "int"}, {"name": "amount", "type": "double"},
                                           {"name": "channel", "type": "string"}]},
                 {"version": 3, "fields": [{"name": "id", "type": "int"}, {"name": "amount", "type": "double"},
                                           {"name": "channel", "type": "string"}, {"name": "referrer", "type": "string"}]}]
                """);
        Path rules = ruleset("Rules = [ SchemaMatch \"catalog@2\" = 1.0, SchemaMatch \"catalog@1\" = 1.0, "
                + "SchemaMatch \"catalog\" = 1.0, ColumnExists \"referrer\", ColumnExists \"channel\" ]");
        Run run = steward("check", "--ruleset", rules.toString(), "--data", data.toString(), "--catalog-schemas",
                versions.toString(), "--json");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.findValuesAsText("outcome")).as(run.err()).containsExactly("PASS", "FAIL", "FAIL", "FAIL",
                "PASS");
        assertThat(json.at("/rules/3/message").asText()).isEqualTo("column referrer does not exist (the catalog's "
                + "registered schema has it)");
    }

    @Test
    void aCatalogTypeSparkCannotReadIsAUsageErrorThatSaysWhich() throws IOException {
        Path data = Files.writeString(directory.resolve("sales.csv"), "id,amount\n1,2.5\n");
        Path versions = Files.writeString(directory.resolve("versions.json"), """
                [{"version": 4, "fields": [{"name": "id", "type": "int"}, {"name": "shipping", "type": "struct"}]}]
                """);
        Run run = steward("check", "--ruleset", ruleset("Rules = [ SchemaMatch \"catalog\" = 1.0 ]").toString(),
                "--data", data.toString(), "--catalog-schemas", versions.toString(), "--json");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("catalog schema version 4: ").contains("STRUCT");
    }

    private static void writePartition(Path lake, String partition, String csv) throws IOException {
        Files.createDirectories(lake.resolve(partition));
        Files.writeString(lake.resolve(partition).resolve("orders.csv"), csv);
    }

    @Test
    void dynamicRulesReadTheHistoryOfEarlierChecks() throws IOException {
        Path rules = ruleset("Rules = [ RowCount >= avg(last(3)) ]");
        String[] args = {"check", "--ruleset", rules.toString(), "--data", ORDERS.toString(), "--json"};
        Run first = steward(args);
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(first.out()).at("/rules/0/message").asText()).contains("no earlier runs");
        Run second = steward(args);
        assertThat(second.exitCode()).as(second.out()).isZero();
        assertThat(new ObjectMapper().readTree(second.out()).at("/rules/0/outcome").asText()).isEqualTo("PASS");
    }

    @Test
    void comparesWithNamedSourcesGivenOnTheCommandLine() throws IOException {
        Path reference = Files.writeString(directory.resolve("reference.csv"), "order_id\n1\n2\n3\n4\n");
        Path rules = ruleset("Rules = [ RowCountMatch \"reference\" = 50, "
                + "ReferentialIntegrity \"order_id\" \"reference.{order_id}\" = 0.02, RowCountMatch \"missing\" = 1 ]");
        Run run = steward("check", "--ruleset", rules.toString(), "--data", ORDERS.toString(), "--source",
                "reference=" + reference, "--json");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.at("/rules/0/outcome").asText()).isEqualTo("PASS");
        assertThat(json.at("/rules/1/outcome").asText()).isEqualTo("PASS");
        assertThat(json.at("/rules/2/outcome").asText()).isEqualTo("ERROR");
        assertThat(json.at("/rules/2/message").asText())
                .isEqualTo("data source missing was not given; pass --source missing=PATH (given: reference)");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void neverOverwritesAnExistingOutputFolder() throws IOException {
        Path rules = ruleset("Rules = [ RowCount > 0 ]");
        Path output = Files.createDirectories(directory.resolve("good"));
        Path kept = Files.writeString(output.resolve("keep.txt"), "important");
        Run run = steward("check", "--ruleset", rules.toString(), "--data", ORDERS.toString(), "--output",
                output.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("already exists");
        assertThat(Files.readString(kept)).isEqualTo("important");
    }
}

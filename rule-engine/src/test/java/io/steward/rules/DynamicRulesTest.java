package io.steward.rules;

import io.steward.dqdl.Dqdl;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Dynamic rules over the metric history: earlier RowCounts 3, 4, 5 (5 the most recent), today 6. */
class DynamicRulesTest {

    private static Dataset<Row> data;

    @TempDir
    Path directory;

    @BeforeAll
    static void data() {
        data = TestSpark.session().sql("SELECT * FROM VALUES (1), (2), (3), (4), (5), (6) AS t(id)");
    }

    /** A fresh history, in its own folder, with these earlier RowCounts (the last most recent). */
    private FileMetricHistory history(double... rowCounts) {
        FileMetricHistory history;
        try {
            history = new FileMetricHistory(Files.createTempDirectory(directory, "history"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Instant time = Instant.parse("2026-11-20T00:00:00Z");
        for (double count : rowCounts) {
            history.record("orders", time, Map.of("Dataset.*.RowCount", count));
            time = time.plusSeconds(86_400);
        }
        return history;
    }

    private static RuleResult evaluate(String rule, MetricHistory history) {
        EvaluationOptions options = new EvaluationOptions(Clock.systemUTC(), Map.of(), "orders", history);
        return new RuleEngine().evaluate(Dqdl.parse("Rules = [ " + rule + " ]").orElseThrow(), data, options)
                .rules().get(0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "RowCount > avg(last(3))                         | PASS",
            "RowCount > avg(last(3)) * 1.6                   | FAIL",
            "RowCount < min(last(3))                         | FAIL",
            "RowCount = index(last(3), 0) + 1                | PASS",
            "RowCount = index(last(3), 2) + 3                | PASS",
            "RowCount = median(last(3)) + 2                  | PASS",
            "RowCount = sum(last(2)) - 3                     | PASS",
            "RowCount between std(last(3)) and max(last(2)) * 2 | PASS",
            "RowCount > avg(last(100))                       | PASS",
            "RowCount = index(last(3), 3)                    | ERROR"})
    void comparesTodaysMetricWithItsHistory(String rule, Outcome expected) {
        RuleResult result = evaluate(rule.strip(), history(3, 4, 5));
        assertThat(result.outcome()).as(result.message()).isEqualTo(expected);
    }

    @Test
    void detectsAnAnomalyAgainstTheHistoryWithDeequsStrategy() {
        assertThat(evaluate("DetectAnomalies \"RowCount\"", history(6, 5, 7, 6, 6, 5)).outcome())
                .isEqualTo(Outcome.PASS);
        RuleResult anomaly = evaluate("DetectAnomalies of RowCount", history(100, 102, 98, 101, 99));
        assertThat(anomaly.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(anomaly.message()).startsWith("RowCount is 6, an anomaly against the last 5 runs");
        assertThat(anomaly.metrics()).containsEntry("Dataset.*.RowCount", 6.0);
    }

    @Test
    void anomalyDetectionNeedsEnoughHistoryAndAKnownMetric() {
        assertThat(evaluate("DetectAnomalies \"RowCount\"", history(6, 6)).message())
                .isEqualTo("RowCount is 6; anomaly detection needs 3 earlier runs of Dataset.*.RowCount, the history has 2");
        assertThat(evaluate("DetectAnomalies \"Completeness\"", history()).message())
                .isEqualTo("DetectAnomalies of Completeness needs its column, e.g. DetectAnomalies \"Completeness\" \"column\"");
        assertThat(evaluate("DetectAnomalies \"Frobnicate\"", history()).outcome()).isEqualTo(Outcome.ERROR);
        FileMetricHistory history = new FileMetricHistory(directory);
        for (int i = 0; i < 4; i++) {
            history.record("orders", Instant.now(), Map.of("Column.id.Mean", 3.5));
        }
        assertThat(evaluate("DetectAnomalies \"Mean\" \"id\"", history).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void withoutHistoryADynamicRuleIsAnErrorButItsMetricIsRecorded() {
        FileMetricHistory history = history();
        RuleResult first = evaluate("RowCount > avg(last(3))", history);
        assertThat(first.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(first.message()).isEqualTo("RowCount is 6; no earlier runs of Dataset.*.RowCount for orders: "
                + "dynamic rules compare with history, which builds up as the dataset is checked");
        assertThat(first.metrics()).containsEntry("Dataset.*.RowCount", 6.0);
        assertThat(history.recent("orders", "Dataset.*.RowCount", 5)).containsExactly(6.0);
        assertThat(evaluate("RowCount >= avg(last(3))", history).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void historySkipsALineCutShortByACrashAndKeepsDatasetsApart() throws IOException {
        FileMetricHistory history = new FileMetricHistory(directory);
        history.record("orders", Instant.now(), Map.of("Dataset.*.RowCount", 3.0));
        history.record("orders", Instant.now(), Map.of("Dataset.*.RowCount", 4.0));
        history.record("other dataset/with:odd chars", Instant.now(), Map.of("Dataset.*.RowCount", 99.0));
        try (var files = Files.list(directory)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(2);
            Path orders = all.stream().filter(p -> p.getFileName().toString().startsWith("orders-")).findFirst()
                    .orElseThrow();
            Files.writeString(orders, "{\"time\":\"2026-11-30T00:00:00Z\",\"metr", StandardOpenOption.APPEND);
        }
        assertThat(history.recent("orders", "Dataset.*.RowCount", 5)).containsExactly(4.0, 3.0);
        history.record("orders", Instant.now(), Map.of("Dataset.*.RowCount", 7.0));
        assertThat(history.recent("orders", "Dataset.*.RowCount", 5)).containsExactly(7.0, 4.0, 3.0);
        assertThat(history.recent("other dataset/with:odd chars", "Dataset.*.RowCount", 5)).containsExactly(99.0);
    }
}

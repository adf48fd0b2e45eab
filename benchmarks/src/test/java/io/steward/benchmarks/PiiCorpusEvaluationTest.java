package io.steward.benchmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Steward's PII detection scored on the labeled corpus meets the quality targets. */
class PiiCorpusEvaluationTest {

    private static PiiCorpusEvaluation.Evaluation evaluation;

    @BeforeAll
    static void evaluate() throws IOException {
        evaluation = PiiCorpusEvaluation.evaluate(Path.of(System.getProperty("steward.test-data"), "corpus"));
    }

    @Test
    void columnsAreTaggedWithAnF1OfAtLeast95Percent() {
        assertThat(evaluation.columns().f1()).as(String.join("\n", evaluation.columnMistakes()))
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void spansInFreeTextAreFoundWithAnF1OfAtLeast85Percent() {
        assertThat(evaluation.spans().f1()).as(evaluation.spansByType().toString()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void theDecoysAreNotTagged() {
        assertThat(evaluation.columnMistakes()).noneMatch(m -> m.matches(
                "(order_id|app_version|created_at|event_date|city|company|product_name|phone_ext|ssn_hash|sku"
                        + "|tracking_number): .*"));
    }

    @Test
    void everyTypeIsScored() {
        assertThat(evaluation.columnsByType()).hasSize(io.steward.pii.EntityType.values().length);
        assertThat(evaluation.spans().truePositives()).isGreaterThan(300);
    }
}

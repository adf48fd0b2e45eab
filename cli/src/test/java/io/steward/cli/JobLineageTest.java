package io.steward.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.masking.MaskingPlan;
import io.steward.masking.Transform;
import io.steward.rules.EvaluationResult;
import io.steward.rules.Outcome;
import io.steward.rules.RuleResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Steward's facets, as the closing event of a job carries them. */
class JobLineageTest {

    @Test
    void ruleOutcomesBecomeAssertionsAndColumnMetricsOnTheInput() {
        EvaluationResult result = new EvaluationResult(List.of(
                new RuleResult("IsComplete \"email\"", Outcome.FAIL, "99% complete", Map.of("Column.email.Completeness", 0.99)),
                new RuleResult("RowCount > 10", Outcome.PASS, "ok", Map.of("Dataset.*.RowCount", 200.0))),
                List.of(), 200, 198, 0.5);
        ObjectNode dataset = JobLineage.quality(Path.of("/data/orders.csv"), result);
        assertThat(dataset.path("namespace").asText()).isEqualTo("file");
        assertThat(dataset.path("name").asText()).isEqualTo("/data/orders.csv");
        ObjectNode facets = (ObjectNode) dataset.path("inputFacets");
        assertThat(facets.at("/dataQualityMetrics/rowCount").asLong()).isEqualTo(200);
        assertThat(facets.at("/dataQualityMetrics/columnMetrics/email/Completeness").asDouble()).isEqualTo(0.99);
        assertThat(facets.at("/dataQualityAssertions/assertions/0").toString())
                .isEqualTo("{\"assertion\":\"IsComplete \\\"email\\\"\",\"success\":false,\"column\":\"email\"}");
        assertThat(facets.at("/dataQualityAssertions/assertions/1/success").asBoolean()).isTrue();
        assertThat(facets.at("/dataQualityMetrics/_schemaURL").asText()).contains("DataQualityMetricsInputDatasetFacet");
    }

    @Test
    void aMaskedCopyCarriesItsColumnLineageAndTheColumnsItMasked() {
        MaskingPlan.ColumnMask email = new MaskingPlan.ColumnMask("email", MaskingPlan.Mode.VALUE,
                Optional.of(new Transform.Redact("EMAIL")), Optional.empty(), List.of(), "policy");
        ObjectNode dataset = JobLineage.masked(Path.of("/data/in.csv"), Path.of("/data/out"), List.of("id", "email"),
                List.of(email), Optional.of("k1"));
        assertThat(dataset.at("/facets/columnLineage/fields/id/inputFields/0/transformations/0").toString())
                .isEqualTo("{\"type\":\"DIRECT\",\"subtype\":\"IDENTITY\",\"masking\":false}");
        assertThat(dataset.at("/facets/columnLineage/fields/email/inputFields/0/transformations/0/masking").asBoolean())
                .isTrue();
        assertThat(dataset.at("/facets/stewardMasking/columns/email/keyId").asText()).isEqualTo("k1");
        assertThat(dataset.at("/facets/stewardMasking/columns/email/transform").asText()).startsWith("REDACT");
        assertThat(dataset.at("/facets/stewardMasking/columns").has("id")).isFalse();
    }
}

package io.steward.dqdl.catalogue;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleCatalogueTest {

    private final RuleCatalogue catalogue = RuleCatalogue.standard();

    @Test
    void knowsEveryDocumentedRuleType() {
        assertThat(catalogue.names()).contains("AggregateMatch", "ColumnCorrelation", "ColumnCount", "ColumnDataType",
                "ColumnExists", "ColumnLength", "ColumnNamesMatchPattern", "ColumnValues", "Completeness", "CustomSql",
                "DataFreshness", "DatasetMatch", "DistinctValuesCount", "Entropy", "IsComplete", "IsPrimaryKey",
                "IsUnique", "Mean", "ReferentialIntegrity", "RowCount", "RowCountMatch", "StandardDeviation", "Sum",
                "SchemaMatch", "Uniqueness", "UniqueValueRatio", "DetectAnomalies", "FileFreshness", "FileMatch",
                "FileSize", "FileUniqueness", "AllStatistics");
    }

    @Test
    void choosesTheSignatureByParameterCount() {
        assertThat(catalogue.signature("FileMatch", 2).orElseThrow().returns()).containsExactly(ValueKind.BOOLEAN);
        assertThat(catalogue.signature("FileMatch", 1).orElseThrow().returns()).containsExactly(ValueKind.STRING);
        assertThat(catalogue.signature("FileMatch", 0).orElseThrow().returns()).containsExactly(ValueKind.STRING);
        assertThat(catalogue.signature("FileMatch", 3)).isEmpty();
        assertThat(catalogue.signature("IsPrimaryKey", 5)).isPresent();
        assertThat(catalogue.signature("IsPrimaryKey", 0)).isEmpty();
    }

    @Test
    void booleanRulesTakeNoConditionAndMetricRulesNeedOne() {
        assertThat(catalogue.signature("IsComplete", 1).orElseThrow().takesCondition()).isFalse();
        assertThat(catalogue.signature("RowCount", 0).orElseThrow().requiresCondition()).isTrue();
        RuleSignature customSql = catalogue.signature("CustomSql", 1).orElseThrow();
        assertThat(customSql.takesCondition()).isTrue();
        assertThat(customSql.requiresCondition()).isFalse();
    }

    @Test
    void separatesRulesFromAnalyzers() {
        assertThat(catalogue.isAnalyzerOnly("AllStatistics")).isTrue();
        assertThat(catalogue.isAnalyzer("Completeness")).isTrue();
        assertThat(catalogue.isAnalyzer("IsComplete")).isFalse();
        assertThat(catalogue.isAnalyzerOnly("RowCount")).isFalse();
    }

    @Test
    void describesUsageForMessages() {
        assertThat(catalogue.signature("IsPrimaryKey", 1).orElseThrow().usage()).isEqualTo("IsPrimaryKey column...");
        assertThat(catalogue.signature("FileSize", 0).orElseThrow().usage()).isEqualTo("FileSize [path]");
    }

    @Test
    void rejectsAMalformedCatalogueLineWithItsNumber() {
        assertThatThrownBy(() -> RuleCatalogue.parse(List.of("# header", "RowCount\t-\tNUMBER")))
                .hasMessageContaining("rule-types.tsv:2");
    }
}

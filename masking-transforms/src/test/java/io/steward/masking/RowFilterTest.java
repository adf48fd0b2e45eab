package io.steward.masking;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Row filters parse into a tree, format canonically, and refuse what they cannot mean, with the position. */
class RowFilterTest {

    private static final Set<String> COLUMNS = Set.of("region", "status", "amount", "deleted", "first name");

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "region = 'EU'                                        | region = 'EU'",
            "region='EU' and amount<100                           | region = 'EU' AND amount < 100",
            "region = 'EU' AND (status IN ('PAID','SHIPPED') OR amount < 1e2) | region = 'EU' AND (status IN ('PAID', 'SHIPPED') OR amount < 100)",
            "not deleted = true                                   | NOT deleted = TRUE",
            "status not in ('X') or region is not null            | status NOT IN ('X') OR region IS NOT NULL",
            "region <> 'it''s'                                    | region != 'it''s'",
            "\"first name\" = 'Jane'                              | \"first name\" = 'Jane'"})
    void parsesAndFormatsCanonically(String text, String canonical) {
        RowFilter filter = RowFilter.parse(text, COLUMNS);
        assertThat(filter.format()).isEqualTo(canonical);
        assertThat(RowFilter.parse(canonical, COLUMNS)).isEqualTo(filter);
    }

    @Test
    void buildsATreeNotAString() {
        assertThat(RowFilter.parse("region = 'EU' OR amount >= 10", COLUMNS)).isEqualTo(new RowFilter.Or(List.of(
                new RowFilter.Compare("region", "=", "EU"), new RowFilter.Compare("amount", ">=", new BigDecimal("1E+1")))));
        assertThat(RowFilter.parse("region = 'EU''; DROP TABLE x; --'", COLUMNS).columns()).containsExactly("region");
    }

    @Test
    void matchesRowsWithoutSpark() {
        RowFilter filter = RowFilter.parse("region = 'EU' AND (amount < 100 OR status IN ('VIP')) AND deleted IS NULL",
                COLUMNS);
        java.util.Map<String, Object> row = new java.util.HashMap<>(java.util.Map.of("region", "EU", "amount", "99.5",
                "status", "NEW"));
        assertThat(filter.matches(row)).isTrue();
        row.put("amount", "100");
        assertThat(filter.matches(row)).as("numbers compare as numbers: 100 is not < 100").isFalse();
        row.put("status", "VIP");
        assertThat(filter.matches(row)).isTrue();
        row.put("deleted", "true");
        assertThat(filter.matches(row)).isFalse();
        row.remove("region");
        assertThat(RowFilter.parse("region != 'EU'", COLUMNS).matches(row)).as("NULL compares false, as in SQL").isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "''                          | row filter, column 1: the filter is empty",
            "region =                    | row filter, column 9: expected a value: a 'string', a number, TRUE or FALSE",
            "region = 'EU' region        | row filter, column 15: unexpected 'region'; expected AND, OR or the end",
            "country = 'EU'              | row filter, column 1: no column 'country' in the dataset (amount, deleted, first name, region, status)",
            "region ~ 'E'                | row filter, column 8: expected a comparison (= != < <= > >=), IN or IS after 'region'",
            "(region = 'EU'              | row filter, column 15: expected ')'",
            "region = 'EU                | row filter, column 10: unterminated string",
            "region = 1; drop table x    | row filter, column 11: unexpected '; drop tab'; expected AND, OR or the end"})
    void refusesWithThePosition(String text, String message) {
        assertThatThrownBy(() -> RowFilter.parse(text, COLUMNS)).isInstanceOf(RowFilter.InvalidFilter.class)
                .hasMessage(message);
    }
}

package io.steward.pii;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ColumnClassifierTest {

    private final ColumnClassifier classifier = ColumnClassifier.standard();

    private ColumnClassification classify(String column, String... values) {
        return classifier.classify(column, Arrays.asList(values), span -> { });
    }

    @Test
    void tagsAColumnByTheShareOfNonNullValuesThatHoldTheType() {
        ColumnClassification emails = classify("contact", "a@example.com", "b@example.org", null, "", "not given");
        assertThat(emails.valuesSeen()).isEqualTo(5);
        assertThat(emails.nonNull()).isEqualTo(3);
        assertThat(emails.entities()).singleElement().satisfies(share -> {
            assertThat(share.type()).isEqualTo(EntityType.EMAIL_ADDRESS);
            assertThat(share.fraction()).isCloseTo(2.0 / 3, within(1e-12));
            assertThat(share.score()).isEqualTo(1.0);
            assertThat(share.rows()).isEqualTo(2);
            assertThat(share.evidence()).as("masked: the shape, not the value")
                    .containsExactly("a@e••••••.c••", "b@e••••••.o••");
        });
    }

    @Test
    void evidenceKeepsAFewDistinctMaskedSpans() {
        ColumnClassification phones = classify("phone", "+49 30 1234567", "+49 30 1234567", "+33 1 23456789",
                "+44 20 79460958", "+1 212 5550123");
        assertThat(phones.entities().get(0).evidence()).hasSize(EntityShare.EVIDENCE)
                .containsExactly("+4• 3• 1••••••", "+3• 1 2•••••••", "+4• 2• 7•••••••")
                .noneMatch(e -> e.contains("1234567"));
        assertThat(EntityShare.mask("Zoë Müller-Lüdenscheidt")).isEqualTo("Z•• M•••••-L•••••••••••");
    }

    @Test
    void leavesAColumnUntaggedBelowTheThreshold() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            values.add("note " + i);
        }
        values.add("mail me at x@example.com");
        assertThat(classifier.classify("notes", values, span -> { }).entities()).isEmpty();
        values.add("or y@example.com");
        values.add("z@example.com");
        // 3 of 22 values (0.136) pass the default threshold of 0.1; 1 of 20 (0.05) did not.
        assertThat(classifier.classify("notes", values, span -> { }).entities())
                .extracting(EntityShare::type).containsExactly(EntityType.EMAIL_ADDRESS);
    }

    @Test
    void aFreeTextColumnCanHoldSeveralTypesAndReportsItsSpans() {
        List<ColumnClassifier.SpanFinding> spans = new ArrayList<>();
        ColumnClassification result = classifier.classify("comment", List.of(
                "call me on +44 20 7946 0958", "my card 4111 1111 1111 1111 expired", "email jane@example.com",
                "thanks"), spans::add);
        assertThat(result.entities()).extracting(EntityShare::type).containsExactlyInAnyOrder(
                EntityType.PHONE_NUMBER, EntityType.CREDIT_CARD, EntityType.EMAIL_ADDRESS);
        assertThat(spans).extracting(s -> s.row() + ":" + s.finding().type() + ":" + s.finding().start())
                .containsExactly("0:PHONE_NUMBER:11", "1:CREDIT_CARD:8", "2:EMAIL_ADDRESS:6");
    }

    @Test
    void theColumnNameIsContext() {
        ColumnClassification plain = classify("reference", "943 476 5919", "401 023 2137");
        ColumnClassification named = classify("nhs_number", "943 476 5919", "401 023 2137");
        double plainScore = plain.entities().stream().filter(e -> e.type() == EntityType.UK_NHS)
                .findFirst().orElseThrow().score();
        double namedScore = named.entities().stream().filter(e -> e.type() == EntityType.UK_NHS)
                .findFirst().orElseThrow().score();
        assertThat(namedScore).isGreaterThan(plainScore);
    }

    @Test
    void rejectsAThresholdThatIsNotAShare() {
        assertThatThrownBy(() -> new ColumnClassifier(PiiAnalyzer.standard(), 1.5, 0.4))
                .hasMessageContaining("share of values");
    }
}

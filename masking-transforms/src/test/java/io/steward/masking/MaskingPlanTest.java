package io.steward.masking;

import io.steward.pii.ColumnClassification;
import io.steward.pii.EntityShare;
import io.steward.pii.EntityType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a policy and a scan decide what is masked how. */
class MaskingPlanTest {

    private static final Optional<MaskingKey> KEY = Optional.of(MaskingKey.of(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
    private static final List<String> COLUMNS = List.of("id", "email", "phone", "notes", "city");
    private static final Map<String, ColumnClassification> SCANNED = Map.of(
            "id", tagged("id", false),
            "email", tagged("email", false, EntityType.EMAIL_ADDRESS),
            "phone", tagged("phone", false, EntityType.PHONE_NUMBER),
            "notes", tagged("notes", true, EntityType.PHONE_NUMBER, EntityType.EMAIL_ADDRESS),
            "city", tagged("city", false));

    private static ColumnClassification tagged(String column, boolean freeText, EntityType... types) {
        List<EntityShare> shares = java.util.Arrays.stream(types).map(t -> new EntityShare(t, 0.5, 0.9, 5, List.of())).toList();
        return new ColumnClassification(column, 10, 10, shares, freeText);
    }

    private static Map<String, String> described(List<MaskingPlan.ColumnMask> plan) {
        Map<String, String> described = new java.util.LinkedHashMap<>();
        plan.forEach(m -> described.put(m.column(), m.describe() + " (" + m.reason() + ")"));
        return described;
    }

    @Test
    void autoMasksEveryTaggedColumnWithItsTypesDefaultAndFreeTextBySpans() {
        assertThat(described(MaskingPlan.plan(COLUMNS, SCANNED, MaskingPolicy.automatic(), KEY))).containsExactly(
                Map.entry("email", "HASH (auto EMAIL_ADDRESS)"),
                Map.entry("phone", "PARTIAL:LAST_4 (auto PHONE_NUMBER)"),
                Map.entry("notes", "SPANS (auto free text with PHONE_NUMBER)"));
    }

    @Test
    void aPolicyNamesColumnsAndTypesAndLeavesTheRest() {
        MaskingPolicy policy = new MaskingPolicy(Map.of("city", "GENERALIZE:POSTCODE_PREFIX", "notes", "spans"),
                Map.of(EntityType.EMAIL_ADDRESS, "PARTIAL:EMAIL_DOMAIN"), false);
        assertThat(described(MaskingPlan.plan(COLUMNS, SCANNED, policy, Optional.empty()))).containsExactly(
                Map.entry("email", "PARTIAL:EMAIL_DOMAIN (policy type EMAIL_ADDRESS)"),
                Map.entry("notes", "SPANS (policy column)"),
                Map.entry("city", "GENERALIZE:POSTCODE_PREFIX (policy column)"));
    }

    @Test
    void spansOfTypesThePolicyNamesGetItsTransformAndTheRestAreRedacted() {
        MaskingPolicy policy = new MaskingPolicy(Map.of("notes", "SPANS"),
                Map.of(EntityType.PHONE_NUMBER, "PARTIAL:LAST_4"), false);
        SpanMasker masker = MaskingPlan.plan(COLUMNS, SCANNED, policy, Optional.empty()).stream()
                .filter(m -> m.column().equals("notes")).findFirst().orElseThrow().spans().orElseThrow();
        assertThat(masker.mask("Call +1 415 555 2671 or write to jane.doe@example.com today."))
                .isEqualTo("Call +* *** *** 2671 or write to <EMAIL_ADDRESS> today.");
    }

    @Test
    void keyedTransformsWithoutAKeyAreRefusedWithTheWayToGiveOne() {
        assertThatThrownBy(() -> MaskingPlan.plan(COLUMNS, SCANNED, MaskingPolicy.automatic(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'email' (auto EMAIL_ADDRESS)")
                .hasMessageContaining("needs a masking key: --key-file FILE or the STEWARD_MASKING_KEY");
    }

    @Test
    void aPolicyNamingAMissingColumnIsRefused() {
        MaskingPolicy policy = new MaskingPolicy(Map.of("emial", "HASH"), Map.of(), false);
        assertThatThrownBy(() -> MaskingPlan.plan(COLUMNS, Map.of(), policy, KEY))
                .hasMessage("the policy names column 'emial', which the data does not have (columns: id, email, phone, "
                        + "notes, city)");
    }

    @Test
    void transformSpecsParseAndFormatBack() {
        for (String spec : List.of("REDACT", "PARTIAL:LAST_4", "PARTIAL:FIRST_4", "PARTIAL:EMAIL_DOMAIN", "HASH",
                "TOKENIZE", "NULLIFY", "GENERALIZE:DATE_TO_YEAR", "GENERALIZE:POSTCODE_PREFIX", "GENERALIZE:AGE_BAND")) {
            assertThat(TransformSpec.format(TransformSpec.parse(spec, "X", KEY))).isEqualTo(spec);
        }
        assertThat(TransformSpec.format(TransformSpec.parse("partial", "X", KEY))).isEqualTo("PARTIAL:LAST_4");
    }

    @Test
    void badTransformSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> TransformSpec.parse("SCRAMBLE", "X", KEY)).hasMessageStartingWith(
                "unknown transform 'SCRAMBLE': use REDACT");
        assertThatThrownBy(() -> TransformSpec.parse("GENERALIZE", "X", KEY)).hasMessageContaining(
                "needs an argument: one of [DATE_TO_YEAR, POSTCODE_PREFIX, AGE_BAND]");
        assertThatThrownBy(() -> TransformSpec.parse("PARTIAL:LAST_5", "X", KEY)).hasMessageContaining(
                "unknown argument 'LAST_5'");
        assertThatThrownBy(() -> TransformSpec.parse("HASH:SHA1", "X", KEY)).hasMessageContaining("takes no argument");
    }

    @Test
    void aSpanWhoseTransformGivesNothingIsRedactedNotLeaked() {
        Map<EntityType, Transform> transforms = new java.util.EnumMap<>(SpanMasker.redactAll());
        transforms.put(EntityType.EMAIL_ADDRESS, new Transform.Nullify());
        SpanMasker masker = new SpanMasker("notes", transforms, SpanMasker.defaultMinimumScore());
        assertThat(masker.mask("mail jane.doe@example.com now")).isEqualTo("mail <EMAIL_ADDRESS> now");
        assertThat(masker.mask("nothing personal here")).isEqualTo("nothing personal here");
        assertThat(masker.mask(null)).isNull();
    }
}

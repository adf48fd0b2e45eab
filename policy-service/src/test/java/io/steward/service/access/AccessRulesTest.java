package io.steward.service.access;

import io.steward.service.access.AccessApi.ColumnDecision;
import io.steward.service.access.AccessApi.Decision;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decision rules, on a model in memory: deny wins, default deny for confidential data, masks, rows. */
class AccessRulesTest {

    private static final List<String> COLUMNS = List.of("id", "email", "phone", "region", "amount");
    private static final Map<String, List<AccessRules.Tag>> TAGS = Map.of(
            "email", List.of(new AccessRules.Tag("EMAIL_ADDRESS", 0.98)),
            "phone", List.of(new AccessRules.Tag("PHONE_NUMBER", 0.9)));
    private static final AccessRules.Caller ANALYST = new AccessRules.Caller("ann", Set.of("analyst"), Set.of());
    private static final AccessRules.Caller SUPPORT = new AccessRules.Caller("sue", Set.of("analyst"), Set.of("support"));

    private static AccessRules.Policy allow(long id, String role, Set<String> columns, String filter) {
        return new AccessRules.Policy(id, "role", role, true, Optional.ofNullable(columns), Optional.ofNullable(filter));
    }

    private static AccessRules.Model model(String classification, List<AccessRules.Policy> policies,
                                           List<AccessRules.Mask> masks) {
        return new AccessRules.Model(7, "s3://lake:orders", classification, COLUMNS, TAGS, policies, masks,
                Optional.empty());
    }

    private static Map<String, String> outcomes(Decision decision) {
        Map<String, String> outcomes = new java.util.LinkedHashMap<>();
        for (ColumnDecision column : decision.columns()) {
            outcomes.put(column.column(), column.decision() + (column.transform() == null ? "" : " " + column.transform()));
        }
        return outcomes;
    }

    @Test
    void confidentialDataIsDeniedWithoutAPolicyAndInternalDataAllowedWithTagsMasked() {
        assertThat(outcomes(AccessRules.decide(model("confidential", List.of(), List.of()), ANALYST, List.of(), "read")))
                .containsOnly(Map.entry("id", "deny"), Map.entry("email", "deny"), Map.entry("phone", "deny"),
                        Map.entry("region", "deny"), Map.entry("amount", "deny"));
        Decision internal = AccessRules.decide(model("internal", List.of(), List.of()), ANALYST, List.of(), "read");
        assertThat(outcomes(internal)).containsExactly(Map.entry("id", "allow"), Map.entry("email", "mask HASH"),
                Map.entry("phone", "mask PARTIAL:LAST_4"), Map.entry("region", "allow"), Map.entry("amount", "allow"));
        assertThat(internal.rowFilter()).isNull();
        assertThat(internal.columns().get(1).reason()).isEqualTo(
                "internal data is allowed without a policy; tagged EMAIL_ADDRESS, masked by default");
    }

    @Test
    void aDenyWinsOverAnAllowForTheSameColumn() {
        AccessRules.Model model = model("confidential", List.of(allow(1, "analyst", null, null),
                new AccessRules.Policy(2, "user", "ann", false, Optional.of(Set.of("phone")), Optional.empty())), List.of());
        Decision decision = AccessRules.decide(model, ANALYST, List.of("id", "phone"), "read");
        assertThat(outcomes(decision)).containsExactly(Map.entry("id", "allow"), Map.entry("phone", "deny"));
        assertThat(decision.columns().get(1).reason()).isEqualTo("denied by policy 2");
        // Another analyst is not ann: only the role's allow applies.
        assertThat(outcomes(AccessRules.decide(model, SUPPORT, List.of("phone"), "read")))
                .containsExactly(Map.entry("phone", "mask PARTIAL:LAST_4"));
    }

    @Test
    void tagMasksShowClearOnlyToWhomTheySay() {
        List<AccessRules.Mask> masks = List.of(
                new AccessRules.Mask("EMAIL_ADDRESS", "role", "analyst", "PARTIAL:EMAIL_DOMAIN"),
                new AccessRules.Mask("EMAIL_ADDRESS", "group", "support", "CLEAR"),
                new AccessRules.Mask("PHONE_NUMBER", "user", "sue", "CLEAR"),
                new AccessRules.Mask("PHONE_NUMBER", "group", "support", "REDACT"));
        AccessRules.Model model = model("confidential", List.of(allow(1, "analyst", null, null)), masks);
        assertThat(outcomes(AccessRules.decide(model, ANALYST, List.of("email", "phone"), "read")))
                .containsExactly(Map.entry("email", "mask PARTIAL:EMAIL_DOMAIN"), Map.entry("phone", "mask PARTIAL:LAST_4"));
        assertThat(outcomes(AccessRules.decide(model, SUPPORT, List.of("email", "phone"), "read")))
                .as("a group's CLEAR beats the role's mask; the user's own CLEAR beats the group's REDACT")
                .containsExactly(Map.entry("email", "allow"), Map.entry("phone", "allow"));
    }

    @Test
    void rowsAreThoseOfTheGrantingPoliciesOrEd() {
        AccessRules.Model model = model("restricted", List.of(
                allow(1, "analyst", Set.of("id", "region"), "region = 'EU'"),
                allow(2, "analyst", Set.of("amount"), "amount < 100")), List.of());
        Decision decision = AccessRules.decide(model, ANALYST, List.of("id", "amount", "email"), "read");
        assertThat(outcomes(decision)).containsExactly(Map.entry("id", "allow"), Map.entry("amount", "allow"),
                Map.entry("email", "deny"));
        assertThat(decision.rowFilter()).isEqualTo("(region = 'EU') OR (amount < 100)");
        AccessRules.Model unfiltered = model("restricted", List.of(allow(1, "analyst", null, "region = 'EU'"),
                allow(2, "analyst", Set.of("amount"), null)), List.of());
        assertThat(AccessRules.decide(unfiltered, ANALYST, List.of("amount"), "read").rowFilter())
                .as("one granting policy without a filter grants every row").isNull();
    }

    @Test
    void anUnknownColumnIsAnError() {
        assertThatThrownBy(() -> AccessRules.decide(model("internal", List.of(), List.of()), ANALYST,
                List.of("ssn"), "read")).hasMessage("dataset s3://lake:orders has no column 'ssn'");
    }
}

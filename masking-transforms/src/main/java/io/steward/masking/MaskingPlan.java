package io.steward.masking;

import io.steward.pii.ColumnClassification;
import io.steward.pii.EntityShare;
import io.steward.pii.EntityType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Decides, column by column, what a masking run does: mask whole values with one transform, mask
 * the PII spans inside free text, or leave the column as it is; and why. The sidecar written
 * with the masked data is this plan.
 */
public final class MaskingPlan {

    /** Whole values, or only the PII spans inside them. */
    public enum Mode { VALUE, SPANS }

    /**
     * One masked column.
     *
     * @param transform the transform of whole values (VALUE), or empty for SPANS
     * @param spans     the span masker (SPANS), or empty for VALUE
     * @param types     the entity types the scan tagged the column with (empty without a scan)
     * @param reason    "policy column", "policy type EMAIL_ADDRESS", "auto EMAIL_ADDRESS", ...
     */
    public record ColumnMask(String column, Mode mode, Optional<Transform> transform, Optional<SpanMasker> spans,
                             List<EntityType> types, String reason) {
        public ColumnMask {
            requireNonNull(column, "column");
            requireNonNull(mode, "mode");
            types = List.copyOf(types);
            requireNonNull(reason, "reason");
        }

        /** "HASH", "PARTIAL:LAST_4", or "SPANS". */
        public String describe() {
            return transform.map(TransformSpec::format).orElse(MaskingPolicy.SPANS);
        }
    }

    /** The default transform of whole values of each type, for --auto. */
    private static final Map<EntityType, String> DEFAULTS = defaults();

    private MaskingPlan() {
    }

    /**
     * @param columns the dataset's columns, in order
     * @param scanned the scan's classification of each column (empty when the policy needs no scan)
     * @throws IllegalArgumentException for a policy naming an unknown column or a bad transform
     */
    public static List<ColumnMask> plan(List<String> columns, Map<String, ColumnClassification> scanned,
                                        MaskingPolicy policy, Optional<MaskingKey> key) {
        for (String named : policy.columns().keySet()) {
            if (!columns.contains(named)) {
                throw new IllegalArgumentException("the policy names column '" + named + "', which the data does not "
                        + "have (columns: " + String.join(", ", columns) + ")");
            }
        }
        List<ColumnMask> plan = new ArrayList<>();
        for (String column : columns) {
            Optional<ColumnClassification> classification = Optional.ofNullable(scanned.get(column));
            List<EntityType> types = classification.map(c -> c.entities().stream().map(EntityShare::type).toList())
                    .orElse(List.of());
            String named = policy.columns().get(column);
            if (named != null) {
                plan.add(named.strip().equalsIgnoreCase(MaskingPolicy.SPANS)
                        ? spans(column, types, policy, key, "policy column")
                        : value(column, types, named, key, "policy column"));
            } else if (!types.isEmpty()) {
                EntityType main = types.get(0);
                String byType = policy.types().get(main);
                if (classification.get().freeText() && (byType != null || policy.auto())) {
                    plan.add(spans(column, types, policy, key, (byType != null ? "policy type " : "auto ")
                            + "free text with " + main));
                } else if (byType != null) {
                    plan.add(value(column, types, byType, key, "policy type " + main));
                } else if (policy.auto()) {
                    plan.add(value(column, types, DEFAULTS.get(main), key, "auto " + main));
                }
            }
        }
        return plan;
    }

    private static ColumnMask value(String column, List<EntityType> types, String spec, Optional<MaskingKey> key,
                                    String reason) {
        String label = types.isEmpty() ? "REDACTED" : types.get(0).name();
        Transform transform;
        try {
            transform = TransformSpec.parse(spec, label, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column '" + column + "' (" + reason + "): " + e.getMessage(), e);
        }
        return new ColumnMask(column, Mode.VALUE, Optional.of(transform), Optional.empty(), types, reason);
    }

    /** Spans of a type the policy names get its transform; every other type is redacted. */
    private static ColumnMask spans(String column, List<EntityType> types, MaskingPolicy policy,
                                    Optional<MaskingKey> key, String reason) {
        Map<EntityType, Transform> transforms = new EnumMap<>(SpanMasker.redactAll());
        policy.types().forEach((type, spec) -> {
            try {
                transforms.put(type, TransformSpec.parse(spec, type.name(), key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("type " + type + ": " + e.getMessage(), e);
            }
        });
        return new ColumnMask(column, Mode.SPANS, Optional.empty(),
                Optional.of(new SpanMasker(column, transforms, SpanMasker.defaultMinimumScore())), types, reason);
    }

    /** The default of each type: keyed hashes for identifiers that join datasets, partial for numbers people read. */
    public static String defaultTransform(EntityType type) {
        return DEFAULTS.get(type);
    }

    private static Map<EntityType, String> defaults() {
        Map<EntityType, String> defaults = new EnumMap<>(EntityType.class);
        for (EntityType type : EntityType.values()) {
            defaults.put(type, switch (type) {
                case EMAIL_ADDRESS, IP_ADDRESS, MAC_ADDRESS, CRYPTO -> "HASH";
                case PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_BANK_NUMBER -> "PARTIAL:LAST_4";
                case DATE_OF_BIRTH -> "GENERALIZE:DATE_TO_YEAR";
                default -> "REDACT";
            });
        }
        return defaults;
    }
}

package io.steward.masking;

import io.steward.pii.EntityType;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What to mask how: transforms by column name (a transform spec, or {@code SPANS} to mask only
 * the PII inside a free-text column) and by entity type (for the columns a scan tags with it, and
 * for spans of it in free text). With {@code auto}, every tagged column the policy does not name
 * is masked with its type's default.
 */
public record MaskingPolicy(Map<String, String> columns, Map<EntityType, String> types, boolean auto) {

    /** In {@link #columns}: mask the PII spans inside the column's text, not the whole value. */
    public static final String SPANS = "SPANS";

    public MaskingPolicy {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(columns, "columns")));
        types = types.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(types));
    }

    /** Mask every tagged column with its type's default, free text span by span. */
    public static MaskingPolicy automatic() {
        return new MaskingPolicy(Map.of(), Map.of(), true);
    }

    /** Whether the data must be scanned first: to find the columns that types or auto apply to. */
    public boolean needsScan() {
        return auto || !types.isEmpty();
    }
}

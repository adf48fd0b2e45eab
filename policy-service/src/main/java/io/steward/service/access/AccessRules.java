package io.steward.service.access;

import io.steward.masking.MaskingPlan;
import io.steward.pii.EntityType;
import io.steward.service.access.AccessApi.ColumnDecision;
import io.steward.service.access.AccessApi.Decision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * How a decision is made, from what the catalog and the policies say of one dataset. Pure: the
 * service loads the dataset's {@link Model} once and decides for each caller in memory.
 *
 * <ul>
 * <li>A deny policy for any of the caller's principals wins over an allow for the same column.</li>
 * <li>Without a policy, public and internal data is allowed and confidential and restricted data
 * denied.</li>
 * <li>An allowed column tagged with PII (any tag not rejected) is masked with the caller's tag
 * mask for that type, or the type's default transform; only a CLEAR mask shows it in clear.</li>
 * <li>Rows: the allow policies that granted something, OR-ed; one without a filter grants all rows.</li>
 * <li>A dataset that blocks failed reads refuses every column while its newest checked version failed.</li>
 * </ul>
 */
public final class AccessRules {

    /** The calling principal: its user name, roles and groups. */
    public record Caller(String user, Set<String> roles, Set<String> groups) {
        public Caller {
            requireNonNull(user, "user");
            roles = Set.copyOf(roles);
            groups = Set.copyOf(groups);
        }

        boolean is(String kind, String name) {
            return switch (kind) {
                case "user" -> user.equals(name);
                case "role" -> roles.contains(name);
                case "group" -> groups.contains(name);
                default -> false;
            };
        }

        /** How specific a principal kind is: a user's own mask beats a group's, which beats a role's. */
        static int precedence(String kind) {
            return switch (kind) {
                case "user" -> 0;
                case "group" -> 1;
                default -> 2;
            };
        }
    }

    public record Tag(String entityType, double confidence) {
    }

    public record Policy(long id, String principalKind, String principal, boolean allow, Optional<Set<String>> columns,
                         Optional<String> rowFilter) {
        boolean covers(String column) {
            return columns.map(c -> c.contains(column)).orElse(true);
        }
    }

    public record Mask(String entityType, String principalKind, String principal, String transform) {
    }

    /**
     * Everything a decision on one dataset depends on. blocked: why every reader is refused (the
     * newest checked version failed its quality checks and the dataset blocks failed reads), if so.
     */
    public record Model(long datasetId, String dataset, String classification, List<String> columns,
                       Map<String, List<Tag>> tags, List<Policy> policies, List<Mask> masks, Optional<String> blocked) {
        public Model {
            requireNonNull(blocked, "blocked");
            columns = List.copyOf(columns);
            tags = Map.copyOf(tags);
            policies = List.copyOf(policies);
            masks = List.copyOf(masks);
        }
    }

    /** What a tag mask is called that shows the value in clear. */
    public static final String CLEAR = "CLEAR";

    private AccessRules() {
    }

    /**
     * @param requested the columns asked for, in order (empty: every column)
     * @throws IllegalArgumentException naming a requested column the dataset lacks
     */
    public static Decision decide(Model model, Caller caller, List<String> requested, String action) {
        List<String> columns = requested.isEmpty() ? model.columns() : requested;
        for (String column : columns) {
            if (!model.columns().contains(column)) {
                throw new IllegalArgumentException("dataset " + model.dataset() + " has no column '" + column + "'");
            }
        }
        if (model.blocked().isPresent()) {
            return new Decision(model.datasetId(), model.dataset(), caller.user(), action, columns.stream()
                    .map(c -> new ColumnDecision(c, "deny", null, null, model.blocked().get())).toList(), null);
        }
        List<Policy> mine = model.policies().stream().filter(p -> caller.is(p.principalKind(), p.principal())).toList();
        boolean defaultAllow = model.classification().equals("public") || model.classification().equals("internal");
        List<ColumnDecision> decisions = new ArrayList<>();
        Set<Policy> granting = new LinkedHashSet<>();
        boolean grantedByDefault = false;
        for (String column : columns) {
            Optional<Policy> deny = mine.stream().filter(p -> !p.allow() && p.covers(column)).findFirst();
            if (deny.isPresent()) {
                decisions.add(new ColumnDecision(column, "deny", null, null, "denied by policy " + deny.get().id()));
                continue;
            }
            List<Policy> allows = mine.stream().filter(p -> p.allow() && p.covers(column)).toList();
            String allowedBy;
            if (!allows.isEmpty()) {
                granting.addAll(allows);
                allowedBy = "allowed by policy " + allows.get(0).id();
            } else if (defaultAllow) {
                grantedByDefault = true;
                allowedBy = model.classification() + " data is allowed without a policy";
            } else {
                decisions.add(new ColumnDecision(column, "deny", null, null, model.classification()
                        + " data is denied without a policy"));
                continue;
            }
            decisions.add(masked(model, caller, column, allowedBy));
        }
        String rowFilter = null;
        boolean allRows = grantedByDefault || granting.stream().anyMatch(p -> p.rowFilter().isEmpty());
        if (!allRows && !granting.isEmpty()) {
            List<String> filters = granting.stream().map(p -> p.rowFilter().orElseThrow()).distinct().toList();
            rowFilter = filters.size() == 1 ? filters.get(0)
                    : filters.stream().map(f -> "(" + f + ")").collect(Collectors.joining(" OR "));
        }
        return new Decision(model.datasetId(), model.dataset(), caller.user(), action, decisions, rowFilter);
    }

    /** An allowed column, masked when a PII tag on it is not shown in clear to the caller. */
    private static ColumnDecision masked(Model model, Caller caller, String column, String allowedBy) {
        List<Tag> tags = model.tags().getOrDefault(column, List.of()).stream()
                .sorted(Comparator.comparingDouble(Tag::confidence).reversed()).toList();
        for (Tag tag : tags) {
            Optional<Mask> mask = model.masks().stream()
                    .filter(m -> m.entityType().equals(tag.entityType()) && caller.is(m.principalKind(), m.principal()))
                    // The caller's most specific mask; among its roles, CLEAR (the most open) first.
                    .min(Comparator.comparingInt((Mask m) -> Caller.precedence(m.principalKind()))
                            .thenComparing(m -> !m.transform().equals(CLEAR)));
            if (mask.isPresent() && mask.get().transform().equals(CLEAR)) {
                continue;
            }
            String transform = mask.map(Mask::transform)
                    .orElseGet(() -> MaskingPlan.defaultTransform(EntityType.valueOf(tag.entityType())));
            return new ColumnDecision(column, "mask", transform, tag.entityType(), allowedBy + "; tagged " + tag.entityType()
                    + (mask.isPresent() ? ", masked for " + mask.get().principalKind() + " " + mask.get().principal()
                    : ", masked by default"));
        }
        return new ColumnDecision(column, "allow", null, null, allowedBy);
    }
}

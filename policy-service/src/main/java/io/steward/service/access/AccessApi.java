package io.steward.service.access;

import java.util.List;

/** What the access API takes and returns. */
public final class AccessApi {

    private AccessApi() {
    }

    /** Who a policy or mask is for: a role, a group or a user, by name. */
    public record Principal(String kind, String name) {
    }

    /** A policy to add: allow or deny the principal these columns (all when null), and only the rows matching rowFilter. */
    public record PolicyRequest(String principalKind, String principal, String effect, List<String> columns,
                                String rowFilter) {
    }

    public record PolicyView(long id, long datasetId, String principalKind, String principal, String effect,
                             List<String> columns, String rowFilter, String createdBy) {
    }

    /** Show columns tagged with the entity type to the principal through this transform, or CLEAR. */
    public record TagMaskRequest(String entityType, String principalKind, String principal, String transform) {
    }

    public record TagMaskView(long id, String entityType, String principalKind, String principal, String transform) {
    }

    /** The dataset by id, or by namespace and name; the columns wanted (all when empty); the action (read). */
    public record DecisionRequest(Long datasetId, String namespace, String name, List<String> columns, String action) {
    }

    /** allow, mask (with the transform, and the entity type it masks) or deny, and why. */
    public record ColumnDecision(String column, String decision, String transform, String entityType, String reason) {
    }

    /** The decision for the calling principal: per column, and the rows it may see (null: all). */
    public record Decision(long datasetId, String dataset, String principal, String action,
                           List<ColumnDecision> columns, String rowFilter) {
    }
}

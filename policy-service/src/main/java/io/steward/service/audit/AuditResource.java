package io.steward.service.audit;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.List;

/** The audit trail for auditors: the newest entries, and a verification of the whole chain. */
@Path("/api/v1/audit")
@RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER})
public class AuditResource {

    private final AuditLog log;

    public AuditResource(AuditLog log) {
        this.log = log;
    }

    /**
     * The latest entries, newest first; filtered by actor and target (exact) and action (exact, or
     * a prefix ending in '.', e.g. "erase." for every erase action).
     */
    @GET
    @WithSession
    public Uni<List<AuditEntry>> recent(@QueryParam("limit") @DefaultValue("100") int limit,
                                        @QueryParam("actor") String actor, @QueryParam("action") String action,
                                        @QueryParam("target") String target) {
        List<String> where = new java.util.ArrayList<>();
        io.quarkus.panache.common.Parameters parameters = new io.quarkus.panache.common.Parameters();
        if (actor != null && !actor.isBlank()) {
            where.add("actor = :actor");
            parameters.and("actor", actor);
        }
        if (action != null && !action.isBlank()) {
            where.add(action.endsWith(".") ? "action like :action" : "action = :action");
            parameters.and("action", action.endsWith(".") ? action.replace("%", "") + "%" : action);
        }
        if (target != null && !target.isBlank()) {
            where.add("target = :target");
            parameters.and("target", target);
        }
        String query = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by id desc";
        return AuditEntry.<AuditEntry>find(query, parameters).page(0, Math.max(1, Math.min(limit, 1000))).list();
    }

    @GET
    @Path("/verify")
    @WithSession
    public Uni<AuditLog.Verification> verify() {
        return log.verify();
    }
}

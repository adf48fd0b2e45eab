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

    @GET
    @WithSession
    public Uni<List<AuditEntry>> recent(@QueryParam("limit") @DefaultValue("100") int limit) {
        return AuditEntry.<AuditEntry>find("order by id desc").page(0, Math.max(1, Math.min(limit, 1000))).list();
    }

    @GET
    @Path("/verify")
    @WithSession
    public Uni<AuditLog.Verification> verify() {
        return log.verify();
    }
}

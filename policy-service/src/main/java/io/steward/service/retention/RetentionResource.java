package io.steward.service.retention;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.Roles;
import io.steward.service.retention.RetentionApi.Planned;
import io.steward.service.retention.RetentionApi.Policy;
import io.steward.service.retention.RetentionApi.Run;
import io.steward.service.retention.RetentionApi.RunView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.List;

/** Retention policies (data stewards set them) and purge runs (`steward purge`, as a job runner or steward). */
@Path("/api/v1")
public class RetentionResource {

    private final RetentionService retention;
    private final RetentionSchedule schedule;
    private final SecurityIdentity identity;

    public RetentionResource(RetentionService retention, RetentionSchedule schedule, SecurityIdentity identity) {
        this.retention = retention;
        this.schedule = schedule;
        this.identity = identity;
    }

    @PUT
    @Path("datasets/{id}/retention")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    public Uni<Policy> set(@PathParam("id") long id, Policy policy) {
        return retention.set(id, policy, identity.getPrincipal().getName());
    }

    @GET
    @Path("retention")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.JOB_RUNNER})
    public Uni<List<Planned>> planned() {
        return retention.planned();
    }

    @POST
    @Path("retention/runs")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.JOB_RUNNER})
    public Uni<RunView> record(Run run) {
        return retention.record(run, identity.getPrincipal().getName());
    }

    /**
     * The scheduled purge, now: a dry run, then the purge, both recorded and audited in the
     * caller's name (what the daily schedule does as "scheduler"). 409 when the service has no
     * launcher to run `steward purge` with.
     */
    @POST
    @Path("retention/scheduled-runs")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    public Uni<List<RunView>> runNow() {
        return schedule.run(identity.getPrincipal().getName());
    }
}

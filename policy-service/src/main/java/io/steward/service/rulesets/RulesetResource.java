package io.steward.service.rulesets;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.Roles;
import io.steward.service.rulesets.RulesetApi.AttachRequest;
import io.steward.service.rulesets.RulesetApi.AttachmentView;
import io.steward.service.rulesets.RulesetApi.RulesetView;
import io.steward.service.rulesets.RulesetApi.RunRequest;
import io.steward.service.rulesets.RulesetApi.RunView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Rulesets and DQ results over REST. */
@Path("/api/v1")
public class RulesetResource {

    private final RulesetService rulesets;
    private final SecurityIdentity identity;

    public RulesetResource(RulesetService rulesets, SecurityIdentity identity) {
        this.rulesets = rulesets;
        this.identity = identity;
    }

    /** Saves DQDL text (the body, text/plain) as the ruleset's next version; invalid DQDL is a 400 with line:column errors. */
    @PUT
    @Path("/rulesets/{name}")
    @Consumes(MediaType.TEXT_PLAIN)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    public Uni<RulesetView> save(@PathParam("name") String name, String text) {
        return rulesets.save(name, text, identity.getPrincipal().getName());
    }

    @GET
    @Path("/rulesets/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<RulesetView> get(@PathParam("name") String name) {
        return rulesets.get(name);
    }

    @GET
    @Path("/rulesets/{name}/versions")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<List<RulesetView>> versions(@PathParam("name") String name) {
        return rulesets.versions(name);
    }

    @POST
    @Path("/rulesets/{name}/attachments")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    public Uni<AttachmentView> attach(@PathParam("name") String name, AttachRequest request) {
        return rulesets.attach(name, request, identity.getPrincipal().getName());
    }

    /** The rulesets a job checks a dataset with: GET /api/v1/rulesets?datasetId=&jobNamespace=&jobName= */
    @GET
    @Path("/rulesets")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<List<RulesetView>> applicable(@QueryParam("datasetId") Long datasetId,
                                             @QueryParam("jobNamespace") String jobNamespace,
                                             @QueryParam("jobName") String jobName) {
        return rulesets.applicable(datasetId, jobNamespace, jobName);
    }

    @POST
    @Path("/datasets/{id}/dq-runs")
    @RolesAllowed({Roles.ADMIN, Roles.JOB_RUNNER})
    public Uni<RunView> recordRun(@PathParam("id") long datasetId, RunRequest request) {
        return rulesets.recordRun(datasetId, request, identity.getPrincipal().getName());
    }

    /** A metric's values in the dataset's earlier DQ runs, the most recent first: the history of dynamic rules. */
    @GET
    @Path("/datasets/{id}/metrics")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<List<Double>> metric(@PathParam("id") long datasetId, @QueryParam("name") String name,
                                    @QueryParam("limit") @DefaultValue("10") int limit) {
        return rulesets.metric(datasetId, name, limit);
    }

    @GET
    @Path("/datasets/{id}/dq-runs")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<List<RunView>> runs(@PathParam("id") long datasetId, @QueryParam("limit") @DefaultValue("50") int limit) {
        return rulesets.runs(datasetId, limit);
    }
}

package io.steward.service.erasure;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.Roles;
import io.steward.service.erasure.EraseApi.Certificate;
import io.steward.service.erasure.EraseApi.Counts;
import io.steward.service.erasure.EraseApi.ErasePolicy;
import io.steward.service.erasure.EraseApi.NewRequest;
import io.steward.service.erasure.EraseApi.Rejection;
import io.steward.service.erasure.EraseApi.RequestView;
import io.steward.service.erasure.EraseApi.Results;
import io.steward.service.erasure.EraseApi.Summary;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.List;

/**
 * GDPR erase requests: compliance officers (and admins) file, plan, approve and reject them; a
 * request is approved only by a compliance officer other than its requester. Data stewards set
 * how each dataset's rows of erased subjects go (deleted, or redacted where rows must stay).
 */
@Path("/api/v1")
public class EraseResource {

    private final EraseService erasure;
    private final SecurityIdentity identity;

    public EraseResource(EraseService erasure, SecurityIdentity identity) {
        this.erasure = erasure;
        this.identity = identity;
    }

    @POST
    @Path("erase-requests")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER})
    public Uni<RestResponse<RequestView>> create(NewRequest request) {
        return erasure.create(request, actor()).map(view -> RestResponse.ResponseBuilder
                .<RequestView>created(URI.create("/api/v1/erase-requests/" + view.id())).entity(view).build());
    }

    @GET
    @Path("erase-requests")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER})
    public Uni<List<Summary>> list(@QueryParam("state") String state) {
        return erasure.list(state);
    }

    /** One request with its subject's identifiers: also for the job runners that count and execute it. */
    @GET
    @Path("erase-requests/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER, Roles.JOB_RUNNER})
    public Uni<RequestView> get(@PathParam("id") long id) {
        return erasure.get(id);
    }

    @POST
    @Path("erase-requests/{id}/plan")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER})
    public Uni<RequestView> plan(@PathParam("id") long id) {
        return erasure.plan(id, actor());
    }

    @POST
    @Path("erase-requests/{id}/approve")
    @RolesAllowed(Roles.COMPLIANCE_OFFICER)
    public Uni<RequestView> approve(@PathParam("id") long id) {
        return erasure.approve(id, actor());
    }

    @POST
    @Path("erase-requests/{id}/reject")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER})
    public Uni<RequestView> reject(@PathParam("id") long id, Rejection rejection) {
        return erasure.reject(id, rejection == null ? null : rejection.reason(), actor());
    }

    /** The dry run of the plan, from `steward erase count` (which may run as a job runner). */
    @PUT
    @Path("erase-requests/{id}/counts")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER, Roles.JOB_RUNNER})
    public Uni<RequestView> counts(@PathParam("id") long id, Counts counts) {
        return erasure.recordCounts(id, counts, actor());
    }

    /** `steward erase run` begins (or resumes) executing an approved request. */
    @POST
    @Path("erase-requests/{id}/start")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER, Roles.JOB_RUNNER})
    public Uni<RequestView> start(@PathParam("id") long id) {
        return erasure.start(id, actor());
    }

    @PUT
    @Path("erase-requests/{id}/results")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER, Roles.JOB_RUNNER})
    public Uni<RequestView> results(@PathParam("id") long id, Results results) {
        return erasure.recordResults(id, results, actor());
    }

    @POST
    @Path("erase-requests/{id}/verified")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER, Roles.JOB_RUNNER})
    public Uni<RequestView> verified(@PathParam("id") long id) {
        return erasure.finish(id, null, actor());
    }

    @POST
    @Path("erase-requests/{id}/failed")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER, Roles.JOB_RUNNER})
    public Uni<RequestView> failed(@PathParam("id") long id, Rejection failure) {
        if (failure == null || failure.reason() == null || failure.reason().isBlank()) {
            throw io.steward.service.api.ApiException.badRequest("a failed run says why: {\"reason\": \"...\"}");
        }
        return erasure.finish(id, failure.reason().strip(), actor());
    }

    /** Completes a verified request: its signed certificate, made once. */
    @POST
    @Path("erase-requests/{id}/certificate")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER})
    public Uni<Certificate> certify(@PathParam("id") long id) {
        return erasure.certify(id, actor());
    }

    @GET
    @Path("erase-requests/{id}/certificate")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER})
    public Uni<Certificate> certificate(@PathParam("id") long id) {
        return erasure.certificate(id);
    }

    /** The public key certificates are verified with (`steward erase verify-certificate`). */
    @GET
    @Path("erase-certificates/public-key")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER, Roles.DATA_STEWARD, Roles.ANALYST, Roles.JOB_RUNNER})
    public EraseApi.PublicKey publicKey() {
        return erasure.publicKey();
    }

    /**
     * A subject access request's first step: every column that can hold identifiers of these kinds
     * (the values stay with the caller; `steward subject report` reads the rows).
     */
    @POST
    @Path("subject-access/locate")
    @RolesAllowed({Roles.ADMIN, Roles.COMPLIANCE_OFFICER})
    public Uni<List<EraseApi.PlanItem>> locate(EraseApi.Locate request) {
        return erasure.locate(request == null ? null : request.identifierKinds(), actor());
    }

    @PUT
    @Path("datasets/{id}/erase-policy")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER})
    public Uni<ErasePolicy> setPolicy(@PathParam("id") long id, ErasePolicy policy) {
        return erasure.setPolicy(id, policy, actor());
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}

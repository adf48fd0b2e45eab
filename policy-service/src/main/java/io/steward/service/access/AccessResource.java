package io.steward.service.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.steward.service.access.AccessApi.Decision;
import io.steward.service.access.AccessApi.DecisionRequest;
import io.steward.service.access.AccessApi.PolicyRequest;
import io.steward.service.access.AccessApi.PolicyView;
import io.steward.service.access.AccessApi.TagMaskRequest;
import io.steward.service.access.AccessApi.TagMaskView;
import io.steward.service.api.ApiException;
import io.steward.service.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Set;

/** Access policies, tag masks and decisions over REST. */
@Path("/api/v1")
public class AccessResource {

    private final AccessService access;
    private final AccessVersion version;
    private final PreviewService previews;
    private final SecurityIdentity identity;

    public AccessResource(AccessService access, AccessVersion version, PreviewService previews,
                          SecurityIdentity identity) {
        this.access = access;
        this.version = version;
        this.previews = previews;
        this.identity = identity;
    }

    /** A few rows as the caller may see them: denied columns left out, masked ones masked, rows filtered. */
    @GET
    @Path("/datasets/{id}/preview")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<PreviewService.Preview> preview(@PathParam("id") long datasetId,
                                               @jakarta.ws.rs.QueryParam("limit") @jakarta.ws.rs.DefaultValue("20") int limit) {
        return access.decide(new DecisionRequest(datasetId, null, null, List.of(), "read"), caller())
                .flatMap(decision -> access.location(datasetId).flatMap(location ->
                        previews.preview(location[0], location[1], decision, limit)));
    }

    @POST
    @Path("/datasets/{id}/policies")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    public Uni<PolicyView> addPolicy(@PathParam("id") long datasetId, PolicyRequest request) {
        return access.addPolicy(datasetId, request, identity.getPrincipal().getName()).invoke(version::bump);
    }

    @GET
    @Path("/datasets/{id}/policies")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER})
    public Uni<List<PolicyView>> policies(@PathParam("id") long datasetId) {
        return access.policies(datasetId);
    }

    @DELETE
    @Path("/policies/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    public Uni<Void> removePolicy(@PathParam("id") long id) {
        return access.removePolicy(id, identity.getPrincipal().getName()).invoke(version::bump);
    }

    @PUT
    @Path("/tag-masks")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER})
    public Uni<TagMaskView> setMask(TagMaskRequest request) {
        return access.setMask(request, identity.getPrincipal().getName()).invoke(version::bump);
    }

    @GET
    @Path("/tag-masks")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER})
    public Uni<List<TagMaskView>> masks() {
        return access.masks();
    }

    /** The groups Steward's policies and masks name, for `steward keycloak sync`. */
    @GET
    @Path("/access/groups")
    @RolesAllowed(Roles.ADMIN)
    public Uni<List<String>> groups() {
        return access.groups();
    }

    /** The caller's own decision: who asks comes from the token, never from the request. */
    @POST
    @Path("/access/decisions")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<Decision> decide(DecisionRequest request) {
        if (request == null) {
            throw ApiException.badRequest("name the dataset by datasetId, or by namespace and name");
        }
        return access.decide(request, caller());
    }

    private AccessRules.Caller caller() {
        Set<String> groups = identity.getPrincipal() instanceof JsonWebToken token && token.getGroups() != null
                ? token.getGroups() : Set.of();
        return new AccessRules.Caller(identity.getPrincipal().getName(), identity.getRoles(), groups);
    }
}

package io.steward.service.catalog;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.steward.service.access.AccessVersion;
import io.steward.service.api.ApiException;
import io.steward.service.api.Roles;
import io.steward.service.catalog.CatalogApi.DatasetRequest;
import io.steward.service.catalog.CatalogApi.DatasetView;
import io.steward.service.catalog.CatalogApi.SchemaRequest;
import io.steward.service.catalog.CatalogApi.SchemaVersionView;
import io.steward.service.catalog.CatalogApi.TagProposal;
import io.steward.service.catalog.CatalogApi.TagReview;
import io.steward.service.catalog.CatalogApi.TagView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.List;

/** The catalog over REST. Reading takes any Steward role; changing takes a steward's, an admin's or a job's. */
@Path("/api/v1")
public class DatasetResource {

    private final CatalogService catalog;
    private final AccessVersion access;
    private final SecurityIdentity identity;

    /** @param access bumped after every change, which access decisions depend on */
    public DatasetResource(CatalogService catalog, AccessVersion access, SecurityIdentity identity) {
        this.catalog = catalog;
        this.access = access;
        this.identity = identity;
    }

    @GET
    @Path("/datasets")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<List<DatasetView>> search(@QueryParam("q") String text, @QueryParam("namespace") String namespace,
                                         @QueryParam("name") String name,
                                         @QueryParam("limit") @DefaultValue("100") int limit) {
        return namespace != null && name != null ? catalog.named(namespace, name) : catalog.search(text, limit);
    }

    @POST
    @Path("/datasets")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.JOB_RUNNER})
    public Uni<RestResponse<DatasetView>> register(DatasetRequest request) {
        return catalog.register(request, actor()).map(view -> RestResponse.ResponseBuilder
                .<DatasetView>created(URI.create("/api/v1/datasets/" + view.id())).entity(view).build());
    }

    @GET
    @Path("/datasets/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<DatasetView> get(@PathParam("id") long id) {
        return catalog.get(id);
    }

    @PUT
    @Path("/datasets/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    public Uni<DatasetView> update(@PathParam("id") long id, DatasetRequest request) {
        return catalog.update(id, request, actor()).invoke(access::bump);
    }

    @PUT
    @Path("/datasets/{id}/schema")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.JOB_RUNNER})
    public Uni<SchemaVersionView> recordSchema(@PathParam("id") long id, SchemaRequest request) {
        // The refusal is audited in the service's transaction; the caller learns of it as a conflict.
        return catalog.recordSchema(id, request, actor()).invoke(access::bump).map(recorded -> {
            if (recorded.action().equals("refused")) {
                throw ApiException.conflict("dataset " + id + ": " + recorded.message());
            }
            return recorded.version();
        });
    }

    @GET
    @Path("/datasets/{id}/schema-versions")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<List<SchemaVersionView>> schemaVersions(@PathParam("id") long id) {
        return catalog.schemaVersions(id);
    }

    @POST
    @Path("/datasets/{id}/tags")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.JOB_RUNNER})
    public Uni<DatasetView> proposeTags(@PathParam("id") long id, List<TagProposal> proposals) {
        return catalog.proposeTags(id, proposals, actor()).invoke(access::bump);
    }

    /** The PII review queue (?state=proposed, confirmed or rejected; proposed by default). */
    @GET
    @Path("/tags")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER})
    public Uni<List<CatalogApi.ReviewItem>> tags(@QueryParam("state") String state,
                                                 @QueryParam("limit") @DefaultValue("200") int limit) {
        return catalog.tags(state, limit);
    }

    @POST
    @Path("/tags/{id}/review")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER})
    public Uni<TagView> review(@PathParam("id") long id, TagReview review) {
        return catalog.review(id, review, actor()).invoke(access::bump);
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}

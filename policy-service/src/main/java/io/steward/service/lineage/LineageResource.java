package io.steward.service.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.steward.service.access.AccessVersion;
import io.steward.service.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * OpenLineage ingest, Marquez-compatible: POST /api/v1/lineage with one event or an array, from
 * producers holding the job-runner role (OpenLineage's api_key transport sends the bearer token).
 */
@Path("/api/v1/lineage")
public class LineageResource {

    private final LineageService lineage;
    private final LineageGraph graph;
    private final AccessVersion access;
    private final io.quarkus.security.identity.SecurityIdentity identity;

    /** @param access bumped after an ingest: tags that followed lineage change access decisions */
    public LineageResource(LineageService lineage, LineageGraph graph, AccessVersion access,
                           io.quarkus.security.identity.SecurityIdentity identity) {
        this.lineage = lineage;
        this.graph = graph;
        this.access = access;
        this.identity = identity;
    }

    /** The graph around a node, Marquez' GET /api/v1/lineage?nodeId=dataset:NS:NAME&depth=N. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<LineageGraph.Graph> around(@QueryParam("nodeId") String nodeId,
                                          @QueryParam("depth") @DefaultValue("20") int depth) {
        return graph.around(nodeId, depth);
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.JOB_RUNNER})
    public Uni<RestResponse<LineageService.Ingested>> ingest(JsonNode body) {
        return lineage.ingest(body, identity.getPrincipal().getName()).invoke(access::bump)
                .map(ingested -> RestResponse.status(RestResponse.Status.CREATED, ingested));
    }
}

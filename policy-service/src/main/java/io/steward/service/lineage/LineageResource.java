package io.steward.service.lineage;

import io.smallrye.mutiny.Uni;
import io.steward.service.access.AccessVersion;
import io.steward.service.api.ApiException;
import io.steward.service.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.OffsetDateTime;
import java.util.List;
import java.time.format.DateTimeParseException;

/**
 * OpenLineage ingest and lineage queries, Marquez-compatible: POST /api/v1/lineage with one event
 * or an array, from producers holding the job-runner role (OpenLineage's api_key transport sends
 * the bearer token); GET /api/v1/lineage and /api/v1/column-lineage in Marquez' shape, plus the
 * impact of a node and the path between two.
 */
@Path("/api/v1")
public class LineageResource {

    private final LineageService lineage;
    private final LineageGraph graph;
    private final ColumnLineageGraph columns;
    private final LineagePath paths;
    private final JobRuns runs;
    private final AccessVersion access;
    private final io.quarkus.security.identity.SecurityIdentity identity;

    /** @param access bumped after an ingest: tags that followed lineage change access decisions */
    public LineageResource(LineageService lineage, LineageGraph graph, ColumnLineageGraph columns, LineagePath paths,
                           JobRuns runs, AccessVersion access,
                           io.quarkus.security.identity.SecurityIdentity identity) {
        this.lineage = lineage;
        this.graph = graph;
        this.columns = columns;
        this.paths = paths;
        this.runs = runs;
        this.access = access;
        this.identity = identity;
    }

    /** The graph around a node, Marquez' GET /api/v1/lineage?nodeId=dataset:NS:NAME&depth=N, as of now or asOf. */
    @GET
    @Path("lineage")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<LineageGraph.Graph> around(@QueryParam("nodeId") String nodeId,
                                          @QueryParam("depth") @DefaultValue("20") int depth,
                                          @QueryParam("asOf") String asOf) {
        return graph.around(nodeId, depth, time(asOf));
    }

    /** Marquez' GET /api/v1/column-lineage?nodeId=datasetField:NS:NAME:FIELD&depth=N&withDownstream=true. */
    @GET
    @Path("column-lineage")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<LineageGraph.Graph> columnLineage(@QueryParam("nodeId") String nodeId,
                                                 @QueryParam("depth") @DefaultValue("20") int depth,
                                                 @QueryParam("withDownstream") @DefaultValue("false") boolean downstream,
                                                 @QueryParam("asOf") String asOf) {
        return columns.around(nodeId, depth, downstream, time(asOf));
    }

    /** Every dataset and column downstream of a column or dataset: what a change to it can break. */
    @GET
    @Path("lineage/impact")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<ColumnLineageGraph.Impact> impact(@QueryParam("nodeId") String nodeId) {
        return columns.impact(nodeId);
    }

    /** The shortest lineage path between two datasets or two columns. */
    @GET
    @Path("lineage/path")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<LineagePath.Path> path(@QueryParam("from") String from, @QueryParam("to") String to) {
        return paths.between(from, to);
    }

    /** A job's runs, newest first, with what each read and wrote (Marquez' path). */
    @GET
    @Path("namespaces/{namespace}/jobs/{job}/runs")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.ANALYST, Roles.JOB_RUNNER})
    public Uni<List<JobRuns.Run>> runs(@PathParam("namespace") String namespace, @PathParam("job") String job,
                                       @QueryParam("limit") @DefaultValue("20") int limit) {
        return runs.of(namespace, job, limit);
    }

    /**
     * The body is taken whole as bytes (read without blocking on the event loop) and parsed here:
     * a JsonNode parameter would be parsed from a blocking stream on a worker thread, handing
     * every chunk between threads.
     */
    @POST
    @Path("lineage")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.JOB_RUNNER})
    public Uni<RestResponse<LineageService.Ingested>> ingest(byte[] body) {
        return lineage.ingest(body, identity.getPrincipal().getName()).invoke(access::bump)
                .map(ingested -> RestResponse.status(RestResponse.Status.CREATED, ingested));
    }

    private static OffsetDateTime time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("asOf '" + text + "' is not an ISO-8601 date and time with an offset, "
                    + "e.g. 2026-11-27T10:00:00Z");
        }
    }
}

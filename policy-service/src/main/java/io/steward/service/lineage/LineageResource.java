package io.steward.service.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * OpenLineage ingest, Marquez-compatible: POST /api/v1/lineage with one event or an array, from
 * producers holding the job-runner role (OpenLineage's api_key transport sends the bearer token).
 */
@Path("/api/v1/lineage")
public class LineageResource {

    private final LineageService lineage;

    public LineageResource(LineageService lineage) {
        this.lineage = lineage;
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.JOB_RUNNER})
    public Uni<RestResponse<LineageService.Ingested>> ingest(JsonNode body) {
        return lineage.ingest(body).map(ingested -> RestResponse.status(RestResponse.Status.CREATED, ingested));
    }
}

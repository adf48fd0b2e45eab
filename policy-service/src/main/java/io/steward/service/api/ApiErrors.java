package io.steward.service.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Refusals as JSON: {"error": MESSAGE, "details": [...]}, never a stack trace. */
public final class ApiErrors {

    /** The body of every error response. */
    public record Error(String error, List<String> details) {
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Error(e.getMessage(), e.details())).build();
    }

    /** An OpenLineage event that breaks the spec: 400 naming the event and the field. */
    @ServerExceptionMapper
    public Response invalidEvent(io.steward.lineage.InvalidEventException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Error(e.getMessage(), List.of())).build();
    }
}

package io.steward.service.api;

import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * A request the service refuses, with the status and a message for the caller: 400 for bad
 * input (with details such as DQDL errors at line:column), 404, 409.
 */
public class ApiException extends RuntimeException {

    private final Response.Status status;
    private final List<String> details;

    public ApiException(Response.Status status, String message, List<String> details) {
        super(message);
        this.status = status;
        this.details = List.copyOf(details);
    }

    public ApiException(Response.Status status, String message) {
        this(status, message, List.of());
    }

    public static ApiException notFound(String what) {
        return new ApiException(Response.Status.NOT_FOUND, what + " not found");
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Response.Status.BAD_REQUEST, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(Response.Status.CONFLICT, message);
    }

    public Response.Status status() {
        return status;
    }

    public List<String> details() {
        return details;
    }
}

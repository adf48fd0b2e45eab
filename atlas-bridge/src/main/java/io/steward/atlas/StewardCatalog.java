package io.steward.atlas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * What Steward's service knows, as GET /api/v1/catalog/snapshot gives it: datasets with columns
 * and PII tags, and jobs with the inputs and outputs they have now.
 */
final class StewardCatalog {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Tag(String entityType, double confidence, String source, String reviewState, boolean masked,
               String transform) {
        boolean confirmed() {
            return "confirmed".equals(reviewState);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Column(String name, String type, int position, List<Tag> tags) {
        Column {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Dataset(long id, String namespace, String name, String location, String format, String owner,
                   String description, String classification, List<Column> columns) {
        Dataset {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DatasetRef(String namespace, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Job(long id, String namespace, String name, String description, List<DatasetRef> inputs,
               List<DatasetRef> outputs) {
        Job {
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
            outputs = outputs == null ? List.of() : List.copyOf(outputs);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Snapshot(List<Dataset> datasets, List<Job> jobs) {
        Snapshot {
            datasets = datasets == null ? List.of() : List.copyOf(datasets);
            jobs = jobs == null ? List.of() : List.copyOf(jobs);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StewardCatalog() {
    }

    /** The snapshot from the service at {@code server}, read with a bearer token of a role that reviews tags. */
    static Snapshot fetch(String server, String token) {
        String url = server.replaceAll("/+$", "") + "/api/v1/catalog/snapshot";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SyncException("cannot read Steward's catalog at " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException("interrupted while reading Steward's catalog at " + url, e);
        }
        if (answer.statusCode() == 401 || answer.statusCode() == 403) {
            throw new SyncException("Steward refused to give its catalog (HTTP " + answer.statusCode() + ") at " + url
                    + ": log in with a steward-admin, data-steward or compliance-officer user (steward login)");
        }
        if (answer.statusCode() != 200) {
            throw new SyncException("Steward answered HTTP " + answer.statusCode() + " at " + url + ": " + answer.body());
        }
        return read(answer.body());
    }

    static Snapshot read(String json) {
        try {
            return JSON.readValue(json, Snapshot.class);
        } catch (IOException e) {
            throw new SyncException("Steward's catalog snapshot is not readable: " + e.getMessage(), e);
        }
    }
}

package io.steward.service.lineage;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** OpenLineage events in: validated, stored raw, turned into graph rows in one transaction, idempotent. */
@QuarkusTest
class LineageResourceTest {

    @Inject
    Pool database;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL url;

    /** A Spark job's run reading customers and writing a masked copy, with column lineage. */
    private static String runEvent(UUID runId, String type, String time, String suffix) {
        return """
                {"eventType": "%s", "eventTime": "%s", "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.55.0/integration/spark",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "%s"},
                 "job": {"namespace": "spark", "name": "mask_customers_%s"},
                 "inputs": [{"namespace": "s3://lake", "name": "raw.customers_%s"}],
                 "outputs": [{"namespace": "s3://lake", "name": "clean.customers_%s", "facets": {"columnLineage": {
                   "_producer": "x", "_schemaURL": "y", "fields": {
                     "email_hash": {"inputFields": [{"namespace": "s3://lake", "name": "raw.customers_%s", "field": "email",
                       "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION", "masking": true}]}]},
                     "id": {"inputFields": [{"namespace": "s3://lake", "name": "raw.customers_%s", "field": "id",
                       "transformations": [{"type": "DIRECT", "subtype": "IDENTITY", "masking": false}]}]}}}}}]}
                """.formatted(type, time, runId, suffix, suffix, suffix, suffix, suffix);
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/lineage").then();
    }

    private List<Row> rows(String sql) {
        List<Row> rows = new ArrayList<>();
        database.query(sql).execute().await().indefinitely().forEach(rows::add);
        return rows;
    }

    @Test
    @TestSecurity(user = "spark", roles = "job-runner")
    void runEventsBuildTheGraphAndTheSameEventTwiceChangesNothing() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID runId = UUID.randomUUID();
        post(runEvent(runId, "START", "2026-11-27T10:00:00Z", suffix)).statusCode(201)
                .body("received", equalTo(1), "duplicates", equalTo(0));
        post("[" + runEvent(runId, "COMPLETE", "2026-11-27T10:05:00Z", suffix) + ","
                + runEvent(runId, "START", "2026-11-27T10:00:00Z", suffix) + "]").statusCode(201)
                .body("received", equalTo(1), "duplicates", equalTo(1));

        List<Row> run = rows("select state, started_at is not null, ended_at is not null from lineage_run where run_id = '"
                + runId + "'");
        assertThat(run).hasSize(1);
        assertThat(run.get(0).getString(0)).isEqualTo("COMPLETE");
        assertThat(run.get(0).getBoolean(1)).isTrue();
        assertThat(run.get(0).getBoolean(2)).isTrue();
        assertThat(rows("select count(*) from lineage_event where run_id = '" + runId + "'").get(0).getLong(0)).isEqualTo(2);
        assertThatThrownBy(() -> rows("delete from lineage_event where run_id = '" + runId + "'"))
                .hasMessageContaining("lineage_event is append-only: DELETE");
        assertThat(rows("select d.name, i.direction from lineage_io i join dataset d on d.id = i.dataset_id where i.run_id = '"
                + runId + "' order by i.direction").stream().map(r -> r.getString(0) + " " + r.getString(1)).toList())
                .containsExactly("raw.customers_" + suffix + " input", "clean.customers_" + suffix + " output");
        assertThat(rows("select c.output_column, c.input_column, c.subtype, c.masking from column_lineage c join dataset d "
                + "on d.id = c.output_dataset_id where d.name = 'clean.customers_" + suffix + "' order by c.output_column")
                .stream().map(r -> r.getString(0) + "<-" + r.getString(1) + " " + r.getString(2) + " masking="
                        + r.getBoolean(3)).toList())
                .containsExactly("email_hash<-email TRANSFORMATION masking=true", "id<-id IDENTITY masking=false");
    }

    @Test
    @TestSecurity(user = "spark", roles = "job-runner")
    void eachEventOfABatchIsStoredAsItsOwnExactText() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID runId = UUID.randomUUID();
        // Multi-byte characters before and inside the events: slicing must count bytes, not characters.
        String start = runEvent(runId, "START", "2026-11-27T10:00:00Z", suffix)
                .replace("\"run\": {", "\"run\": {\"facets\": {\"x\": {\"note\": \"Zürich → 東京 😀\"}}, ");
        String complete = runEvent(runId, "COMPLETE", "2026-11-27T10:05:00Z", suffix).strip();
        post("[\n  " + start + " ,\t" + complete + "\n]").statusCode(201).body("received", equalTo(2));

        assertThat(rows("select payload from lineage_event where run_id = '" + runId + "' order by event_time")
                .stream().map(r -> r.getString(0)).toList())
                .containsExactly(start.strip(), complete);
    }

    @Test
    @TestSecurity(user = "spark", roles = {"job-runner", "analyst"})
    void theGraphAroundADatasetFollowsJobsBothWays() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        post(runEvent(UUID.randomUUID(), "COMPLETE", "2026-11-27T10:00:00Z", suffix)).statusCode(201);
        // A second job reads the masked copy and writes a report.
        post("""
                {"eventType": "COMPLETE", "eventTime": "2026-11-27T11:00:00Z", "producer": "p", "schemaURL": "s",
                 "run": {"runId": "%s"}, "job": {"namespace": "spark", "name": "report_%s"},
                 "inputs": [{"namespace": "s3://lake", "name": "clean.customers_%s"}],
                 "outputs": [{"namespace": "s3://lake", "name": "report_%s"}]}""".formatted(UUID.randomUUID(), suffix,
                suffix, suffix)).statusCode(201);
        String raw = "dataset:s3://lake:raw.customers_" + suffix;
        String mask = "job:spark:mask_customers_" + suffix;
        String clean = "dataset:s3://lake:clean.customers_" + suffix;
        given().queryParam("nodeId", raw).queryParam("depth", 1).get("/api/v1/lineage").then().statusCode(200)
                .body("graph.id", org.hamcrest.Matchers.containsInAnyOrder(raw, mask, clean))
                .body("graph.find { it.id == '" + mask + "' }.inEdges[0].origin", equalTo(raw))
                .body("graph.find { it.id == '" + mask + "' }.outEdges[0].destination", equalTo(clean))
                .body("graph.find { it.id == '" + raw + "' }.type", equalTo("DATASET"));
        given().queryParam("nodeId", raw).get("/api/v1/lineage").then().statusCode(200)
                .body("graph.id", org.hamcrest.Matchers.hasItems("job:spark:report_" + suffix,
                        "dataset:s3://lake:report_" + suffix));
        given().queryParam("nodeId", "dataset:s3://lake:nothing_" + suffix).get("/api/v1/lineage").then().statusCode(404);
        given().queryParam("nodeId", "table:x").get("/api/v1/lineage").then().statusCode(400);
    }

    /** A job's run history, newest first, with what each run read and wrote. */
    @Test
    @TestSecurity(user = "spark", roles = {"job-runner", "analyst"})
    void aJobsRunsAreListedNewestFirst() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        post(runEvent(first, "COMPLETE", "2026-11-26T10:00:00Z", suffix)).statusCode(201);
        post(runEvent(second, "START", "2026-11-27T10:00:00Z", suffix)).statusCode(201);
        given().queryParam("limit", 10).get("/api/v1/namespaces/spark/jobs/mask_customers_" + suffix + "/runs").then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.contains(second.toString(), first.toString()))
                .body("state", org.hamcrest.Matchers.contains("START", "COMPLETE"))
                .body("[1].inputs", org.hamcrest.Matchers.contains("s3://lake:raw.customers_" + suffix))
                .body("[1].outputs", org.hamcrest.Matchers.contains("s3://lake:clean.customers_" + suffix));
        given().get("/api/v1/namespaces/spark/jobs/nothing_" + suffix + "/runs").then().statusCode(404);
    }

    /**
     * Tags follow column lineage hop after hop and stop where the data was masked: raw.id is tagged,
     * so clean.id (identity) and report.id (identity from clean.id) are; raw.email is tagged, but
     * email_hash was masked, so neither it nor what comes from it is.
     */
    @Test
    @TestSecurity(user = "sam", roles = {"job-runner", "data-steward"})
    void piiTagsFollowColumnLineageAndStopAtMasking() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long raw = given().contentType(ContentType.JSON).body(java.util.Map.of("namespace", "s3://lake", "name",
                "raw.customers_" + suffix)).post("/api/v1/datasets").then().statusCode(201).extract().jsonPath().getLong("id");
        given().contentType(ContentType.JSON).body(java.util.Map.of("fields", List.of(java.util.Map.of("name", "id",
                "type", "string"), java.util.Map.of("name", "email", "type", "string"))))
                .put("/api/v1/datasets/" + raw + "/schema").then().statusCode(200);
        given().contentType(ContentType.JSON).body(List.of(java.util.Map.of("column", "id", "entityType", "US_SSN",
                "confidence", 0.9), java.util.Map.of("column", "email", "entityType", "EMAIL_ADDRESS", "confidence", 1.0)))
                .post("/api/v1/datasets/" + raw + "/tags").then().statusCode(200);
        post(runEvent(UUID.randomUUID(), "COMPLETE", "2026-11-27T10:00:00Z", suffix)).statusCode(201);
        post("""
                {"eventType": "COMPLETE", "eventTime": "2026-11-27T11:00:00Z", "producer": "p", "schemaURL": "s",
                 "run": {"runId": "%s"}, "job": {"namespace": "spark", "name": "report_%s"},
                 "inputs": [{"namespace": "s3://lake", "name": "clean.customers_%s"}],
                 "outputs": [{"namespace": "s3://lake", "name": "report_%s", "facets": {"columnLineage": {"fields": {
                   "customer": {"inputFields": [{"namespace": "s3://lake", "name": "clean.customers_%s", "field": "id",
                     "transformations": [{"type": "DIRECT", "subtype": "IDENTITY"}]}]},
                   "contact": {"inputFields": [{"namespace": "s3://lake", "name": "clean.customers_%s", "field": "email_hash",
                     "transformations": [{"type": "DIRECT", "subtype": "IDENTITY"}]}]}}}}}]}"""
                .formatted(UUID.randomUUID(), suffix, suffix, suffix, suffix, suffix)).statusCode(201);

        // The hashed email holds the entity masked (by the hash) and passes nothing on; the copied id carries it.
        assertThat(tags("clean.customers_" + suffix)).containsExactly(
                "email_hash EMAIL_ADDRESS propagated proposed masked", "id US_SSN propagated proposed");
        assertThat(tags("report_" + suffix)).containsExactly("customer US_SSN propagated proposed");
        assertThat(rows("select t.explanation from column_tag t join dataset_column c on c.id = t.column_id join dataset d "
                + "on d.id = c.dataset_id where d.name = 'report_" + suffix + "'").get(0).getString(0))
                .isEqualTo("propagated along column lineage: s3://lake:raw.customers_" + suffix + ".id -> s3://lake:clean"
                        + ".customers_" + suffix + ".id -> s3://lake:report_" + suffix + ".customer");

        // A tag set later follows the lineage already known, incrementally.
        given().contentType(ContentType.JSON).body(List.of(java.util.Map.of("column", "id", "entityType", "PERSON",
                "confidence", 0.6))).post("/api/v1/datasets/" + raw + "/tags").then().statusCode(200);
        assertThat(tags("report_" + suffix)).containsExactly("customer PERSON propagated proposed",
                "customer US_SSN propagated proposed");

        // A rejected tag withdraws what followed lineage from it or through it, and stops the walk there.
        review("clean.customers_" + suffix, "id", "PERSON", "rejected");
        assertThat(tags("clean.customers_" + suffix)).contains("id PERSON propagated rejected");
        assertThat(tags("report_" + suffix)).containsExactly("customer US_SSN propagated proposed");
        review("raw.customers_" + suffix, "id", "US_SSN", "rejected");
        assertThat(tags("clean.customers_" + suffix)).containsExactly(
                "email_hash EMAIL_ADDRESS propagated proposed masked", "id PERSON propagated rejected");
        assertThat(tags("report_" + suffix)).isEmpty();
        // A later ingest of the same lineage brings nothing back.
        post(runEvent(UUID.randomUUID(), "COMPLETE", "2026-11-27T12:00:00Z", suffix)).statusCode(201);
        assertThat(tags("report_" + suffix)).isEmpty();
        // Taking a rejection back lets lineage carry the tag again.
        review("raw.customers_" + suffix, "id", "US_SSN", "confirmed");
        assertThat(tags("report_" + suffix)).containsExactly("customer US_SSN propagated proposed");
    }

    private void review(String dataset, String column, String entity, String state) {
        long tag = rows("select t.id from column_tag t join dataset_column c on c.id = t.column_id join dataset d on d.id = "
                + "c.dataset_id where d.name = '" + dataset + "' and c.name = '" + column + "' and t.entity_type = '"
                + entity + "'").get(0).getLong(0);
        given().contentType(ContentType.JSON).body(java.util.Map.of("state", state)).post("/api/v1/tags/" + tag + "/review")
                .then().statusCode(200);
    }

    private List<String> tags(String dataset) {
        return rows("select c.name, t.entity_type, t.source, t.review_state, t.masked from column_tag t join dataset_column c "
                + "on c.id = t.column_id join dataset d on d.id = c.dataset_id where d.name = '" + dataset + "' order by c.name, "
                + "t.entity_type").stream().map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2) + " "
                + r.getString(3) + (r.getBoolean(4) ? " masked" : "")).toList();
    }

    /** Schema facets feed the catalog: a new schema version when the fields change, none when they do not. */
    @Test
    @TestSecurity(user = "spark", roles = "job-runner")
    void schemaFacetsBecomeSchemaVersions() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String event = """
                {"eventTime": "2026-11-27T10:00:00Z", "producer": "p", "schemaURL": "s",
                 "dataset": {"namespace": "s3://lake", "name": "typed_%s", "facets": {"schema": {"fields": [%s]}}}}""";
        post(event.formatted(suffix, "{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"email\"}"))
                .statusCode(201);
        post(event.formatted(suffix, "{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"email\"}, "
                + "{\"name\": \"phone\", \"type\": \"string\"}").replace("10:00:00Z", "11:00:00Z")).statusCode(201);
        post(event.formatted(suffix, "{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"email\"}, "
                + "{\"name\": \"phone\", \"type\": \"string\"}").replace("10:00:00Z", "12:00:00Z")).statusCode(201);
        long id = rows("select id from dataset where name = 'typed_" + suffix + "'").get(0).getLong(0);
        given().get("/api/v1/datasets/" + id + "/schema-versions").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.contains(1, 2))
                .body("[0].fields.type", org.hamcrest.Matchers.contains("bigint", "unknown"))
                .body("[1].diff.added.name", org.hamcrest.Matchers.contains("phone"));
        post(event.formatted(suffix, "{\"name\": \"id\"}, {\"name\": \"id\"}").replace("10:00:00Z", "13:00:00Z"))
                .statusCode(400).body("error", equalTo("event: dataset.facets.schema.fields[1]: field 'id' appears twice"));
    }

    /** A job's read does not redefine a dataset (Spark reads a CSV as lines of "value" to infer it); a write does. */
    @Test
    @TestSecurity(user = "spark", roles = "job-runner")
    void aReadersSchemaNamesANewDatasetButDoesNotRedefineOne() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String event = """
                {"eventType": "COMPLETE", "eventTime": "2026-11-27T1%d:00:00Z", "producer": "p", "schemaURL": "s",
                 "run": {"runId": "%s"}, "job": {"namespace": "spark", "name": "ingest_%s"},
                 "%s": [{"namespace": "file", "name": "/raw/customers_%s.csv", "facets": {"schema": {"fields": [%s]}}}]}""";
        String columns = "{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"email\", \"type\": \"string\"}";
        post(event.formatted(0, UUID.randomUUID(), suffix, "inputs", suffix, columns)).statusCode(201);
        post(event.formatted(1, UUID.randomUUID(), suffix, "inputs", suffix, "{\"name\": \"value\", \"type\": \"string\"}"))
                .statusCode(201);
        long id = rows("select id from dataset where name = '/raw/customers_" + suffix + ".csv'").get(0).getLong(0);
        given().get("/api/v1/datasets/" + id + "/schema-versions").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.contains(1))
                .body("[0].fields.name", org.hamcrest.Matchers.contains("id", "email"));
        post(event.formatted(2, UUID.randomUUID(), suffix, "outputs", suffix,
                columns + ", {\"name\": \"phone\", \"type\": \"string\"}")).statusCode(201);
        given().get("/api/v1/datasets/" + id + "/schema-versions").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.contains(1, 2))
                .body("[1].diff.added.name", org.hamcrest.Matchers.contains("phone"));
    }

    @Test
    @TestSecurity(user = "spark", roles = "job-runner")
    void datasetAndJobEventsAreAccepted() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        post("""
                {"eventTime": "2026-11-27T10:00:00Z", "producer": "p", "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
                 "dataset": {"namespace": "s3://lake", "name": "static_%s"}}""".formatted(suffix)).statusCode(201)
                .body("received", equalTo(1));
        post("""
                {"eventTime": "2026-11-27T10:00:00Z", "producer": "p", "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent",
                 "job": {"namespace": "airflow", "name": "dag_%s"}, "inputs": [], "outputs": []}""".formatted(suffix))
                .statusCode(201).body("received", equalTo(1));
        assertThat(rows("select count(*) from dataset where name = 'static_" + suffix + "'").get(0).getLong(0)).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "spark", roles = "job-runner")
    void badEventsAreRefusedNamingTheField() {
        post("{\"eventType\": \"START\", \"eventTime\": \"2026-11-27T10:00:00Z\", \"producer\": \"p\", \"schemaURL\": \"s\", "
                + "\"run\": {\"runId\": \"not-a-uuid\"}, \"job\": {\"namespace\": \"a\", \"name\": \"b\"}}")
                .statusCode(400).body("error", equalTo("event: run.runId must be a UUID, found 'not-a-uuid'"));
        post("[{\"eventTime\": \"2026-11-27T10:00:00Z\", \"producer\": \"p\", \"schemaURL\": \"s\", \"dataset\": "
                + "{\"namespace\": \"a\", \"name\": \"b\"}}, {\"eventTime\": \"yesterday\", \"producer\": \"p\", "
                + "\"schemaURL\": \"s\", \"dataset\": {\"namespace\": \"a\", \"name\": \"b\"}}]").statusCode(400)
                .body("error", equalTo("event 1: eventTime 'yesterday' is not an ISO-8601 date and time with an offset"));
        post("{\"eventTime\": \"2026-11-27T10:00:00Z\", \"producer\": \"p\", \"schemaURL\": \"s\", \"run\": "
                + "{\"runId\": \"" + UUID.randomUUID() + "\"}, \"job\": {\"namespace\": \"a\"}}").statusCode(400)
                .body("error", equalTo("event: job: name is required (a non-empty string)"));
        post("{\"eventTime\": \"2026-11-27T10:00:00Z\", \"producer\": \"p\", \"schemaURL\": \"s\"}").statusCode(400)
                .body("error", equalTo("event: not a RunEvent, DatasetEvent or JobEvent (it has no run, dataset or job)"));
    }

    /** Asked first with Expect: 100-continue, as a careful client does: the server refuses before the body is sent. */
    @Test
    @TestSecurity(user = "spark", roles = "job-runner")
    void aBodyAboveTheLimitIsRefused() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "api/v1/lineage")).expectContinue(true)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[" + "{}, ".repeat(2_000_000) + "{}]"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void onlyJobsSendLineage() {
        post(runEvent(UUID.randomUUID(), "START", "2026-11-27T10:00:00Z", "x")).statusCode(403);
    }

    @Test
    void anonymousProducersAreRefused() {
        given().get("/api/v1/namespaces/spark/jobs/any/runs").then().statusCode(401);
        post(runEvent(UUID.randomUUID(), "START", "2026-11-27T10:00:00Z", "x")).statusCode(401);
    }

    /**
     * Steward's masking runs as a UDF, which the Spark listener reports as a plain transformation;
     * Steward's stewardMasking facet, arriving after, makes the edge a masking one: the tag on the
     * masked column becomes masked, and what had travelled on through it is withdrawn.
     */
    @Test
    @TestSecurity(user = "spark", roles = {"job-runner", "data-steward"})
    void stewardsMaskingFacetTurnsAnEdgeIntoAMaskingOne() {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String listener = """
                {"eventType": "COMPLETE", "eventTime": "2026-11-27T10:00:00Z", "producer": "spark", "schemaURL": "s",
                 "run": {"runId": "%s"}, "job": {"namespace": "steward", "name": "%s"},
                 "inputs": [{"namespace": "file", "name": "/in_%s", "facets": {"schema": {"fields": [{"name": "email"}]}}}],
                 "outputs": [{"namespace": "file", "name": "/%s", "facets": {"columnLineage": {"fields": {
                   "%s": {"inputFields": [{"namespace": "file", "name": "%s", "field": "email",
                     "transformations": [{"type": "DIRECT", "subtype": "%s"}]}]}}}}}]}""";
        post(listener.formatted(UUID.randomUUID(), "mask_" + s, s, "out_" + s, "email", "/in_" + s, "TRANSFORMATION"))
                .statusCode(201);
        post(listener.formatted(UUID.randomUUID(), "copy_" + s, s, "copy_" + s, "email", "/out_" + s, "IDENTITY"))
                .statusCode(201);
        long in = rows("select id from dataset where name = '/in_" + s + "'").get(0).getLong(0);
        given().contentType(ContentType.JSON).body(List.of(java.util.Map.of("column", "email", "entityType",
                "EMAIL_ADDRESS", "confidence", 1.0))).post("/api/v1/datasets/" + in + "/tags").then().statusCode(200);
        assertThat(tags("/out_" + s)).containsExactly("email EMAIL_ADDRESS propagated proposed");
        assertThat(tags("/copy_" + s)).containsExactly("email EMAIL_ADDRESS propagated proposed");

        post("""
                {"eventType": "COMPLETE", "eventTime": "2026-11-27T10:01:00Z", "producer": "steward", "schemaURL": "s",
                 "run": {"runId": "%s"}, "job": {"namespace": "steward", "name": "mask"},
                 "outputs": [{"namespace": "file", "name": "/out_%s", "facets": {"stewardMasking": {"_producer": "steward",
                   "_schemaURL": "s", "columns": {"email": {"transform": "HASH", "keyId": "k1"}}}}}]}"""
                .formatted(UUID.randomUUID(), s)).statusCode(201);
        assertThat(tags("/out_" + s)).containsExactly("email EMAIL_ADDRESS propagated proposed masked");
        assertThat(tags("/copy_" + s)).isEmpty();
        assertThat(rows("select l.masking, l.description from column_lineage l join dataset d on d.id = "
                + "l.output_dataset_id where d.name = '/out_" + s + "'").get(0).toJson().encode())
                .isEqualTo("{\"masking\":true,\"description\":\"HASH\"}");
    }
}

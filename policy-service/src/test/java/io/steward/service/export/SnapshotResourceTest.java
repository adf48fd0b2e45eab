package io.steward.service.export;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/catalog/snapshot: what the Atlas bridge mirrors, for the roles that review tags. */
@QuarkusTest
class SnapshotResourceTest {

    private static void run(String ns, String job, String time, String input) {
        given().contentType(ContentType.JSON).body("""
                {"eventType": "COMPLETE", "eventTime": "%s", "producer": "p", "schemaURL": "s",
                 "run": {"runId": "%s"}, "job": {"namespace": "spark", "name": "%s"},
                 "inputs": [{"namespace": "%s", "name": "%s"}],
                 "outputs": [{"namespace": "%s", "name": "out", "facets": {"schema": {"fields": [{"name": "email", "type": "string"}]}}}]}"""
                .formatted(time, UUID.randomUUID(), job, ns, input, ns)).post("/api/v1/lineage").then().statusCode(201);
    }

    @Test
    @TestSecurity(user = "olga", roles = {"compliance-officer", "data-steward", "job-runner"})
    void holdsDatasetsWithColumnsAndTagsAndJobsWithTheirCurrentInputsAndOutputs() {
        String ns = "s3://snap-" + UUID.randomUUID().toString().substring(0, 8);
        String job = "copy_" + ns.substring(12);
        run(ns, job, "2026-11-27T09:00:00Z", "raw.old");
        run(ns, job, "2026-11-27T10:00:00Z", "raw.new");
        JsonPath before = given().get("/api/v1/catalog/snapshot").then().statusCode(200).extract().jsonPath();
        long out = before.getLong("datasets.find { it.namespace == '" + ns + "' && it.name == 'out' }.id");
        long tag = given().contentType(ContentType.JSON).body(List.of(Map.of("column", "email", "entityType",
                        "EMAIL_ADDRESS", "confidence", 0.9))).post("/api/v1/datasets/" + out + "/tags").then().statusCode(200)
                .extract().jsonPath().getLong("columns[0].tags[0].id");
        given().contentType(ContentType.JSON).body(Map.of("state", "confirmed")).post("/api/v1/tags/" + tag + "/review")
                .then().statusCode(200);

        JsonPath snapshot = given().get("/api/v1/catalog/snapshot").then().statusCode(200).extract().jsonPath();

        assertThat(snapshot.getString("takenAt")).isNotBlank();
        String dataset = "datasets.find { it.namespace == '" + ns + "' && it.name == 'out' }";
        assertThat(snapshot.getList(dataset + ".columns.name", String.class)).containsExactly("email");
        assertThat(snapshot.getString(dataset + ".columns[0].type")).isEqualTo("string");
        assertThat(snapshot.getString(dataset + ".columns[0].tags[0].entityType")).isEqualTo("EMAIL_ADDRESS");
        assertThat(snapshot.getString(dataset + ".columns[0].tags[0].reviewState")).isEqualTo("confirmed");
        assertThat(snapshot.getBoolean(dataset + ".columns[0].tags[0].masked")).isFalse();
        String copy = "jobs.find { it.namespace == 'spark' && it.name == '" + job + "' }";
        // The job reads raw.new now: the edge from raw.old was retired by the later run.
        assertThat(snapshot.getList(copy + ".inputs.name", String.class)).containsExactly("raw.new");
        assertThat(snapshot.getList(copy + ".outputs.name", String.class)).containsExactly("out");
        assertThat(snapshot.getList("datasets.findAll { it.namespace == '" + ns + "' }.name", String.class))
                .containsExactly("out", "raw.new", "raw.old");
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void analystsCannotReadIt() {
        given().get("/api/v1/catalog/snapshot").then().statusCode(403);
    }

    @Test
    void anonymousCallersCannotReadIt() {
        given().get("/api/v1/catalog/snapshot").then().statusCode(401);
    }
}

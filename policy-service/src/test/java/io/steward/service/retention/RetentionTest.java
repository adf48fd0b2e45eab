package io.steward.service.retention;

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

/** Retention policies and purge runs, against the machine's PostgreSQL. */
@QuarkusTest
class RetentionTest {

    @Test
    @TestSecurity(user = "sam", roles = {"data-steward"})
    void aStewardSetsAPolicyThePurgeJobSeesItAndItsRunsAreRecorded() {
        String name = "events_" + UUID.randomUUID().toString().substring(0, 8);
        long id = given().contentType(ContentType.JSON).body(Map.of("namespace", "file", "name", name, "location",
                "/data/" + name + ".csv", "format", "csv")).post("/api/v1/datasets").then().statusCode(201).extract()
                .jsonPath().getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("fields", List.of(Map.of("name", "email", "type", "string"),
                Map.of("name", "seen_at", "type", "timestamp")))).put("/api/v1/datasets/" + id + "/schema").then()
                .statusCode(200);
        given().contentType(ContentType.JSON).body(List.of(Map.of("column", "email", "entityType", "EMAIL_ADDRESS",
                "confidence", 0.9))).post("/api/v1/datasets/" + id + "/tags").then().statusCode(200);

        given().contentType(ContentType.JSON).body(Map.of("keepDays", 90, "timeColumn", "when", "action", "delete"))
                .put("/api/v1/datasets/" + id + "/retention").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("keepDays", 0, "timeColumn", "seen_at", "action", "delete"))
                .put("/api/v1/datasets/" + id + "/retention").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("keepDays", 90, "timeColumn", "seen_at", "action", "nullify"))
                .put("/api/v1/datasets/" + id + "/retention").then().statusCode(200);

        JsonPath planned = given().get("/api/v1/retention").then().statusCode(200).extract().jsonPath();
        String policy = "find { it.dataset == 'file:" + name + "' }";
        assertThat(planned.getInt(policy + ".keepDays")).isEqualTo(90);
        assertThat(planned.getString(policy + ".action")).isEqualTo("nullify");
        assertThat(planned.getString(policy + ".location")).isEqualTo("/data/" + name + ".csv");
        assertThat(planned.getList(policy + ".piiColumns", String.class)).containsExactly("email");

        JsonPath run = given().contentType(ContentType.JSON).body(Map.of("dryRun", true, "datasets", List.of(Map.of(
                        "dataset", "file:" + name, "cutoff", "2026-08-29T12:00:00Z", "before", 5, "after", 5,
                        "affected", 2)))).post("/api/v1/retention/runs").then().statusCode(200).extract().jsonPath();
        assertThat(run.getBoolean("dryRun")).isTrue();
        assertThat(run.getString("ranBy")).isEqualTo("sam");
        assertThat(run.getLong("datasets[0].affected")).isEqualTo(2);
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void analystsCannotSetPoliciesOrRecordRuns() {
        given().contentType(ContentType.JSON).body(Map.of("keepDays", 90, "timeColumn", "x", "action", "delete"))
                .put("/api/v1/datasets/1/retention").then().statusCode(403);
        given().get("/api/v1/retention").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("dryRun", true, "datasets", List.of()))
                .post("/api/v1/retention/runs").then().statusCode(403);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/api/v1/retention").then().statusCode(401);
    }
}

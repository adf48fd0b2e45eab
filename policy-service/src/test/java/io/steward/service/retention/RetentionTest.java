package io.steward.service.retention;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /**
     * The daily schedule's run, now: the real `steward purge` through the launcher, a dry run and
     * then the purge of a real file, both recorded and audited; a policy whose data is gone is a
     * note, not the failure of the whole run. (Sam is also an officer here, to read the audit log.)
     */
    @Test
    @TestSecurity(user = "sam", roles = {"data-steward", "compliance-officer"})
    void theScheduledPurgeRunsADryRunThenThePurgeAndRecordsBoth() throws Exception {
        String name = "visits_" + UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempDirectory("steward-retention").resolve(name + ".csv");
        Instant now = Instant.now();
        StringBuilder csv = new StringBuilder("visit,email,seen_at\n");
        List<String> kept = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) { // a visit every 20 days: 0 to 80 days old are kept, 100 to 180 days purged
            String row = i + ",v" + i + "@example.com," + now.minus(i * 20L, ChronoUnit.DAYS);
            csv.append(row).append('\n');
            if (i < 5) {
                kept.add(row);
            }
        }
        Files.writeString(file, csv);
        long id = given().contentType(ContentType.JSON).body(Map.of("namespace", "file", "name", name, "location",
                file.toString(), "format", "csv")).post("/api/v1/datasets").then().statusCode(201).extract()
                .jsonPath().getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("fields", List.of(Map.of("name", "visit", "type", "string"),
                Map.of("name", "email", "type", "string"), Map.of("name", "seen_at", "type", "string"))))
                .put("/api/v1/datasets/" + id + "/schema").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("keepDays", 90, "timeColumn", "seen_at", "action", "delete"))
                .put("/api/v1/datasets/" + id + "/retention").then().statusCode(200);

        JsonPath runs = given().post("/api/v1/retention/scheduled-runs").then().statusCode(200).extract().jsonPath();

        String mine = ".datasets.find { it.dataset == 'file:" + name + "' }";
        assertThat(runs.getList("dryRun", Boolean.class)).containsExactly(true, false);
        assertThat(runs.getList("ranBy", String.class)).containsExactly("sam", "sam");
        assertThat(runs.getMap("[0]" + mine)).containsEntry("before", 10).containsEntry("after", 10)
                .containsEntry("affected", 5);
        assertThat(runs.getMap("[1]" + mine)).containsEntry("before", 10).containsEntry("after", 5)
                .containsEntry("affected", 5);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("visit,email,seen_at");
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrderElementsOf(kept);
        List<String> actions = given().queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.target == 'retention-run:" + runs.getLong("[1].id") + "' || "
                        + "it.target == 'retention-run:" + runs.getLong("[0].id") + "' }.action", String.class);
        assertThat(actions).containsExactlyInAnyOrder("retention.dry-run", "retention.purge");
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void analystsCannotSetPoliciesOrRecordRuns() {
        given().contentType(ContentType.JSON).body(Map.of("keepDays", 90, "timeColumn", "x", "action", "delete"))
                .put("/api/v1/datasets/1/retention").then().statusCode(403);
        given().get("/api/v1/retention").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("dryRun", true, "datasets", List.of()))
                .post("/api/v1/retention/runs").then().statusCode(403);
        given().post("/api/v1/retention/scheduled-runs").then().statusCode(403);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/api/v1/retention").then().statusCode(401);
        given().post("/api/v1/retention/scheduled-runs").then().statusCode(401);
    }
}

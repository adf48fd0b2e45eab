package io.steward.service.rulesets;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/** Rulesets validated and versioned on save, attached to datasets and jobs, and DQ runs kept as history. */
@QuarkusTest
class RulesetResourceTest {

    private static final String RULES = "Rules = [ RowCount > 0, IsComplete \"id\" ]";

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ValidatableResponse save(String name, String text) {
        return given().contentType(ContentType.TEXT).body(text).put("/api/v1/rulesets/" + name).then();
    }

    private static long dataset() {
        return given().contentType(ContentType.JSON).body(Map.of("namespace", "s3://lake", "name", unique("orders")))
                .post("/api/v1/datasets").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    @TestSecurity(user = "sam", roles = "data-steward")
    void savingNewTextMakesANewVersionAndTheSameTextDoesNot() {
        String name = unique("orders-quality");
        save(name, RULES).statusCode(200).body("version", equalTo(1), "createdBy", equalTo("sam"));
        save(name, RULES).statusCode(200).body("version", equalTo(1));
        save(name, "Rules = [ RowCount > 10 ]").statusCode(200).body("version", equalTo(2));
        given().get("/api/v1/rulesets/" + name).then().statusCode(200)
                .body("version", equalTo(2), "text", equalTo("Rules = [ RowCount > 10 ]"));
        given().get("/api/v1/rulesets/" + name + "/versions").then().body("version", contains(1, 2));
    }

    @Test
    @TestSecurity(user = "sam", roles = "data-steward")
    void invalidDqdlIsRefusedWithLineAndColumn() {
        save(unique("broken"), "Rules = [\n    RowCnt > 0\n]").statusCode(400)
                .body("error", containsString("is not valid DQDL"))
                .body("details", contains("line 2:5: unknown rule type 'RowCnt', did you mean 'RowCount'?"));
        save("bad name!", RULES).statusCode(400);
        given().get("/api/v1/rulesets/" + unique("missing")).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void analystsCannotSaveRulesets() {
        save(unique("x"), RULES).statusCode(403);
    }

    @Test
    void anonymousCallersCannotReadRulesets() {
        given().get("/api/v1/rulesets/anything").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "sam", roles = {"data-steward", "job-runner"})
    void aJobChecksADatasetWithEveryRulesetThatApplies() {
        long orders = dataset();
        long other = dataset();
        String onDataset = unique("on-dataset");
        String onJob = unique("on-job");
        String onBoth = unique("on-both");
        String elsewhere = unique("elsewhere");
        for (String name : List.of(onDataset, onJob, onBoth, elsewhere)) {
            save(name, RULES).statusCode(200);
        }
        String job = unique("nightly");
        attach(onDataset, Map.of("datasetId", orders)).statusCode(200);
        attach(onJob, Map.of("jobNamespace", "airflow", "jobName", job)).statusCode(200);
        attach(onBoth, Map.of("datasetId", orders, "jobNamespace", "airflow", "jobName", job)).statusCode(200);
        attach(elsewhere, Map.of("datasetId", other)).statusCode(200);
        attach(elsewhere, Map.of()).statusCode(400);

        given().queryParam("datasetId", orders).queryParam("jobNamespace", "airflow").queryParam("jobName", job)
                .get("/api/v1/rulesets").then().statusCode(200)
                .body("name", containsInAnyOrder(onDataset, onJob, onBoth));
        given().queryParam("datasetId", orders).get("/api/v1/rulesets").then().body("name", contains(onDataset));
    }

    private static ValidatableResponse attach(String name, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/rulesets/" + name + "/attachments").then();
    }

    @Test
    @TestSecurity(user = "job", roles = {"job-runner", "data-steward"})
    void dqRunsAreKeptAsHistoryNewestFirst() {
        long orders = dataset();
        String name = unique("orders-quality");
        save(name, RULES).statusCode(200);
        given().get("/api/v1/datasets/" + orders + "/dq-runs").then().statusCode(200).body("$", empty());
        for (double score : new double[] {1.0, 0.5}) {
            given().contentType(ContentType.JSON).body(Map.of("ruleset", name, "jobNamespace", "airflow",
                            "jobName", "nightly", "score", score, "rowsTotal", 200, "rowsPassed", 194, "rowsFailed", 6,
                            "rules", List.of(Map.of("rule", "RowCount > 0", "outcome", "PASS",
                                    "message", "RowCount is 200, required > 0",
                                    "metrics", Map.of("Dataset.*.RowCount", 200.0)))))
                    .post("/api/v1/datasets/" + orders + "/dq-runs").then().statusCode(200)
                    .body("score", equalTo((float) score));
        }
        given().queryParam("name", "Dataset.*.RowCount").get("/api/v1/datasets/" + orders + "/metrics").then()
                .statusCode(200).body("$", contains(200.0f, 200.0f));
        given().queryParam("name", "Column.x.Mean").get("/api/v1/datasets/" + orders + "/metrics").then()
                .statusCode(200).body("$", empty());
        given().get("/api/v1/datasets/" + orders + "/dq-runs").then().statusCode(200)
                .body("score", contains(0.5f, 1.0f))
                .body("[0].rules[0].metrics['Dataset.*.RowCount']", equalTo(200.0f));
        given().contentType(ContentType.JSON).body(Map.of("score", 2.0, "rules", List.of()))
                .post("/api/v1/datasets/" + orders + "/dq-runs").then().statusCode(400)
                .body("error", equalTo("score must be between 0 and 1, found 2.0"));
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void analystsCannotRecordRuns() {
        given().contentType(ContentType.JSON).body(Map.of("score", 1.0, "rules", List.of()))
                .post("/api/v1/datasets/1/dq-runs").then().statusCode(403);
    }
}

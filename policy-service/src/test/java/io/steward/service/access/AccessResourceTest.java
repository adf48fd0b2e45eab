package io.steward.service.access;

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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Policies, masks and decisions over REST on the real database, with the cache following every change. */
@QuarkusTest
class AccessResourceTest {

    /** A confidential dataset with an email column tagged EMAIL_ADDRESS. */
    private static long dataset(String name) {
        long id = given().contentType(ContentType.JSON).body(Map.of("namespace", "s3://lake", "name", name,
                "classification", "confidential")).post("/api/v1/datasets").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("fields", List.of(Map.of("name", "id", "type", "bigint"),
                Map.of("name", "email", "type", "string"), Map.of("name", "region", "type", "string"))))
                .put("/api/v1/datasets/" + id + "/schema").then().statusCode(200);
        given().contentType(ContentType.JSON).body(List.of(Map.of("column", "email", "entityType", "EMAIL_ADDRESS",
                "confidence", 0.97))).post("/api/v1/datasets/" + id + "/tags").then().statusCode(200);
        return id;
    }

    private static ValidatableResponse decide(Map<String, Object> request) {
        return given().contentType(ContentType.JSON).body(request).post("/api/v1/access/decisions").then();
    }

    private static ValidatableResponse policy(long dataset, Map<String, Object> policy) {
        return given().contentType(ContentType.JSON).body(policy).post("/api/v1/datasets/" + dataset + "/policies").then();
    }

    @Test
    void anonymousCallersGetNoDecision() {
        decide(Map.of("datasetId", 1)).statusCode(401);
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void analystsCannotWritePolicies() {
        policy(1, Map.of("principalKind", "role", "principal", "analyst", "effect", "allow")).statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("entityType", "EMAIL_ADDRESS", "principalKind", "role",
                "principal", "analyst", "transform", "CLEAR")).put("/api/v1/tag-masks").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "sam", roles = {"data-steward", "analyst"})
    void decisionsFollowPoliciesMasksAndEveryChange() {
        String name = "customers_" + UUID.randomUUID().toString().substring(0, 8);
        long id = dataset(name);
        decide(Map.of("namespace", "s3://lake", "name", name)).statusCode(200)
                .body("principal", equalTo("sam"), "rowFilter", nullValue())
                .body("columns.decision", contains("deny", "deny", "deny"))
                .body("columns[0].reason", equalTo("confidential data is denied without a policy"));

        long policyId = policy(id, Map.of("principalKind", "role", "principal", "analyst", "effect", "allow",
                "rowFilter", "region = 'EU'")).statusCode(200)
                .body("rowFilter", equalTo("region = 'EU'")).extract().jsonPath().getLong("id");
        decide(Map.of("datasetId", id, "columns", List.of("id", "email"))).statusCode(200)
                .body("columns.decision", contains("allow", "mask"), "columns[1].transform", equalTo("HASH"))
                .body("rowFilter", equalTo("region = 'EU'"));

        given().contentType(ContentType.JSON).body(Map.of("entityType", "EMAIL_ADDRESS", "principalKind", "user",
                "principal", "sam", "transform", "clear")).put("/api/v1/tag-masks").then().statusCode(200)
                .body("transform", equalTo("CLEAR"));
        decide(Map.of("datasetId", id, "columns", List.of("email"))).body("columns[0].decision", equalTo("allow"));

        policy(id, Map.of("principalKind", "user", "principal", "sam", "effect", "deny", "columns", List.of("email")))
                .statusCode(200);
        decide(Map.of("datasetId", id, "columns", List.of("email"))).body("columns[0].decision", equalTo("deny"));

        given().delete("/api/v1/policies/" + policyId).then().statusCode(204);
        decide(Map.of("datasetId", id, "columns", List.of("id"))).body("columns[0].decision", equalTo("deny"));
        given().get("/api/v1/datasets/" + id + "/policies").then().statusCode(200).body("effect", contains("deny"));
    }

    /**
     * The preview applies the caller's decision in plain Java: no denied column, no tagged value, no
     * filtered row. (Pat, not Sam: another test shows Sam emails in clear.)
     */
    @Test
    @TestSecurity(user = "pat", roles = {"data-steward", "analyst"})
    void aPreviewShowsWhatTheCallerMaySee() {
        String data = java.nio.file.Path.of(System.getProperty("steward.test-data"), "data", "customers-pii.csv")
                .toAbsolutePath().toString();
        long id = given().contentType(ContentType.JSON).body(Map.of("namespace", "file", "name",
                "preview_" + UUID.randomUUID().toString().substring(0, 8), "location", data, "format", "csv",
                "classification", "confidential")).post("/api/v1/datasets").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("fields", java.util.stream.Stream.of("customer_id", "email",
                        "phone", "card_number", "iban", "last_login_ip", "app_version", "note")
                .map(c -> Map.of("name", c, "type", "string")).toList()))
                .put("/api/v1/datasets/" + id + "/schema").then().statusCode(200);
        given().contentType(ContentType.JSON).body(List.of(Map.of("column", "email", "entityType", "EMAIL_ADDRESS",
                "confidence", 1.0))).post("/api/v1/datasets/" + id + "/tags").then().statusCode(200);
        policy(id, Map.of("principalKind", "role", "principal", "analyst", "effect", "allow", "columns",
                List.of("customer_id", "email", "app_version"), "rowFilter", "customer_id != 'C0002'")).statusCode(200);
        String preview = given().get("/api/v1/datasets/" + id + "/preview").then().statusCode(200)
                .body("columns", contains("customer_id", "email", "app_version"))
                .body("rows.customer_id", contains("C0001", "C0003", "C0004", "C0005", "C0006"))
                .body("rows[0].email", equalTo("<EMAIL_ADDRESS>"))
                .extract().asString();
        org.assertj.core.api.Assertions.assertThat(preview).doesNotContain("@example", "4111");
    }

    @Test
    @TestSecurity(user = "sam", roles = {"data-steward", "analyst", "compliance-officer"})
    void everyDecisionIsAudited() throws InterruptedException {
        String name = "audited_" + UUID.randomUUID().toString().substring(0, 8);
        dataset(name);
        decide(Map.of("namespace", "s3://lake", "name", name)).statusCode(200);
        String target = "dataset:s3://lake:" + name;
        for (int attempt = 0; attempt < 50; attempt++) {
            List<String> targets = given().queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                    .extract().jsonPath().getList("findAll { it.action == 'access.decision' }.target");
            if (targets.contains(target)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the decision on " + target + " never reached the audit log");
    }

    @Test
    @TestSecurity(user = "sam", roles = {"data-steward", "analyst"})
    void badPoliciesAndRequestsAreRefused() {
        long id = dataset("refused_" + UUID.randomUUID().toString().substring(0, 8));
        policy(id, Map.of("principalKind", "role", "principal", "analyst", "effect", "allow",
                "rowFilter", "country = 'EU'")).statusCode(400)
                .body("error", equalTo("row filter, column 1: no column 'country' in the dataset (email, id, region)"));
        policy(id, Map.of("principalKind", "role", "principal", "analyst", "effect", "allow",
                "columns", List.of("ssn"))).statusCode(400).body("error", containsString("has no column 'ssn'"));
        policy(id, Map.of("principalKind", "team", "principal", "x", "effect", "allow")).statusCode(400);
        decide(Map.of("datasetId", id, "columns", List.of("ssn"))).statusCode(400)
                .body("error", containsString("has no column 'ssn'"));
        decide(Map.of("datasetId", id, "action", "delete")).statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("entityType", "EMAIL_ADDRESS", "principalKind", "role",
                "principal", "analyst", "transform", "SCRAMBLE")).put("/api/v1/tag-masks").then().statusCode(400)
                .body("error", containsString("unknown transform 'SCRAMBLE'"));
        given().get("/api/v1/tag-masks").then().statusCode(200);
        decide(Map.of("namespace", "s3://lake", "name", "no-such-dataset")).statusCode(404);
    }

    @Test
    @TestSecurity(user = "joe", roles = "job-runner")
    void jobsGetDecisionsToo() {
        decide(Map.of("namespace", "s3://lake", "name", "no-such-dataset")).statusCode(404)
                .body("error", containsString("not found"));
        given().get("/api/v1/tag-masks").then().statusCode(403);
        given().get("/api/v1/datasets/1/policies").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/access/decisions").then().statusCode(400)
                .body("error", equalTo("name the dataset by datasetId, or by namespace and name"));
        given().get("/api/v1/datasets").then().statusCode(200);
    }
}

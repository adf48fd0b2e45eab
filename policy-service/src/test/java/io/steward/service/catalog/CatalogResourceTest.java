package io.steward.service.catalog;

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
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** The catalog over REST, on the machine's PostgreSQL: registering, schemas and their versions, PII tags, roles. */
@QuarkusTest
class CatalogResourceTest {

    private static String unique(String name) {
        return name + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ValidatableResponse register(String name, String classification) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("namespace", "s3://lake", "name", name, "format", "parquet", "owner", "sales",
                        "description", "orders of the web shop", "classification", classification))
                .post("/api/v1/datasets").then();
    }

    private static long registered(String name) {
        return register(name, "confidential").statusCode(201).extract().jsonPath().getLong("id");
    }

    private static ValidatableResponse schema(long id, List<Map<String, String>> fields) {
        return given().contentType(ContentType.JSON).body(Map.of("fields", fields))
                .put("/api/v1/datasets/" + id + "/schema").then();
    }

    private static Map<String, String> field(String name, String type) {
        return Map.of("name", name, "type", type);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/api/v1/datasets").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("namespace", "a", "name", "b"))
                .post("/api/v1/datasets").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void analystsReadButCannotRegister() {
        given().get("/api/v1/datasets").then().statusCode(200);
        register(unique("orders"), "internal").statusCode(403);
    }

    @Test
    @TestSecurity(user = "sam", roles = "data-steward")
    void aStewardRegistersADatasetAndFindsIt() {
        String name = unique("sales.orders");
        long id = register(name, "confidential").statusCode(201)
                .header("Location", containsString("/api/v1/datasets/"))
                .body("namespace", equalTo("s3://lake"), "classification", equalTo("confidential"))
                .extract().jsonPath().getLong("id");
        given().get("/api/v1/datasets/" + id).then().statusCode(200).body("name", equalTo(name));
        given().queryParam("q", name.substring(name.length() - 8).toUpperCase())
                .get("/api/v1/datasets").then().statusCode(200).body("name", contains(name));
        register(name, "internal").statusCode(409).body("error", containsString("already exists"));
    }

    @Test
    @TestSecurity(user = "sam", roles = "data-steward")
    void badRequestsSayWhatIsWrong() {
        register(unique("x"), "secret").statusCode(400)
                .body("error", equalTo("classification 'secret' is not one of public, internal, confidential, restricted"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/api/v1/datasets").then()
                .statusCode(400).body("error", containsString("needs a namespace and a name"));
        given().get("/api/v1/datasets/987654321").then().statusCode(404).body("error", equalTo("dataset 987654321 not found"));
    }

    @Test
    @TestSecurity(user = "job", roles = "job-runner")
    void aChangedSchemaMakesANewVersionWithItsDiff() {
        long id = registered(unique("customers"));
        schema(id, List.of(field("id", "bigint"), field("email", "string"), field("age", "int")))
                .statusCode(200).body("version", equalTo(1), "diff.added", hasSize(3));
        schema(id, List.of(field("id", "bigint"), field("email", "string"), field("age", "int")))
                .statusCode(200).body("version", equalTo(1));
        schema(id, List.of(field("id", "bigint"), field("email", "string"), field("age", "bigint"),
                field("phone", "string"))).statusCode(200).body("version", equalTo(2));
        schema(id, List.of(field("id", "bigint"), field("phone", "string")))
                .statusCode(200).body("version", equalTo(3), "diff.removed.name", contains("email", "age"));
        given().get("/api/v1/datasets/" + id + "/schema-versions").then().statusCode(200)
                .body("version", contains(1, 2, 3))
                .body("[1].diff.added.name", contains("phone"))
                .body("[1].diff.changed[0].name", equalTo("age"), "[1].diff.changed[0].from", equalTo("int"),
                        "[1].diff.changed[0].to", equalTo("bigint"));
        given().get("/api/v1/datasets/" + id).then().body("columns.name", contains("id", "phone"));
        schema(id, List.of(field("id", "bigint"), field("id", "string"))).statusCode(400)
                .body("error", equalTo("field 'id' appears twice"));
    }

    @Test
    @TestSecurity(user = "job", roles = {"job-runner", "data-steward"})
    void scannedTagsAreProposedAndKeepTheirReview() {
        long id = registered(unique("people"));
        schema(id, List.of(field("id", "bigint"), field("email", "string"))).statusCode(200);
        List<Map<String, Object>> tags = List.of(Map.of("column", "email", "entityType", "EMAIL_ADDRESS",
                "confidence", 0.98, "explanation", "EmailRecognizer: pattern 'email' (0.5), validated",
                "evidence", List.of("a••@e••••••.c••")));
        long tagId = given().contentType(ContentType.JSON).body(tags).post("/api/v1/datasets/" + id + "/tags").then()
                .statusCode(200)
                .body("columns.find { it.name == 'email' }.tags[0].reviewState", equalTo("proposed"))
                .body("columns.find { it.name == 'email' }.tags[0].source", equalTo("detected"))
                .body("columns.find { it.name == 'email' }.tags[0].evidence", contains("a••@e••••••.c••"))
                .body("columns.find { it.name == 'id' }.tags", empty())
                .extract().jsonPath().getLong("columns.find { it.name == 'email' }.tags[0].id");
        // The review queue lists it, with where it is and its evidence, until it is reviewed.
        given().queryParam("state", "proposed").queryParam("limit", 1000).get("/api/v1/tags").then().statusCode(200)
                .body("find { it.tagId == " + tagId + " }.column", equalTo("email"))
                .body("find { it.tagId == " + tagId + " }.datasetId", equalTo((int) id))
                .body("find { it.tagId == " + tagId + " }.evidence", contains("a••@e••••••.c••"));
        given().queryParam("state", "maybe").get("/api/v1/tags").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("state", "confirmed"))
                .post("/api/v1/tags/" + tagId + "/review").then().statusCode(200)
                .body("reviewState", equalTo("confirmed"), "reviewer", equalTo("job"));
        given().queryParam("state", "proposed").queryParam("limit", 1000).get("/api/v1/tags").then().statusCode(200)
                .body("find { it.tagId == " + tagId + " }", nullValue());
        given().queryParam("state", "confirmed").queryParam("limit", 1000).get("/api/v1/tags").then().statusCode(200)
                .body("find { it.tagId == " + tagId + " }.reviewState", equalTo("confirmed"));
        given().contentType(ContentType.JSON).body(List.of(Map.of("column", "email", "entityType", "EMAIL_ADDRESS",
                        "confidence", 0.9, "evidence", List.of("x".repeat(201)))))
                .post("/api/v1/datasets/" + id + "/tags").then().statusCode(400)
                .body("error", containsString("at most 5 masked spans"));
        // A later scan proposes it again: the review stands.
        given().contentType(ContentType.JSON).body(tags).post("/api/v1/datasets/" + id + "/tags").then()
                .statusCode(200).body("columns.find { it.name == 'email' }.tags[0].reviewState", equalTo("confirmed"));
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("column", "phone", "entityType", "PHONE_NUMBER", "confidence", 0.9)))
                .post("/api/v1/datasets/" + id + "/tags").then().statusCode(400)
                .body("error", containsString("has no column 'phone'"), "details", hasItem("columns: id, email"));
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("column", "email", "entityType", "EMAIL", "confidence", 0.9)))
                .post("/api/v1/datasets/" + id + "/tags").then().statusCode(400)
                .body("error", containsString("unknown entity type 'EMAIL'"));
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void analystsCannotReviewTags() {
        given().contentType(ContentType.JSON).body(Map.of("state", "confirmed"))
                .post("/api/v1/tags/1/review").then().statusCode(403);
        given().get("/api/v1/tags").then().statusCode(403);
    }
}

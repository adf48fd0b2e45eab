package io.steward.service.erasure;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * An erase request through its workflow against the machine's PostgreSQL: filed by one compliance
 * officer, planned from PII tags, column names and lineage (a copy, a masked copy, a finance table
 * whose rows must stay), refused to its requester's approval, approved by another officer.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EraseRequestTest {

    private static final String S = UUID.randomUUID().toString().substring(0, 8);
    private static final String NS = "s3://erase-" + S;
    private static long request;

    private static String edge(String dataset, String field, String subtype, boolean masking) {
        return """
                {"namespace": "%s", "name": "%s", "field": "%s", "transformations": [{"type": "DIRECT",
                 "subtype": "%s", "description": "%s", "masking": %s}]}""".formatted(NS, dataset, field, subtype,
                masking ? "sha2" : "", masking);
    }

    private static void job(String name, String input, String output, String column, String inputColumn,
                            String subtype, boolean masking) {
        given().contentType(ContentType.JSON).body("""
                {"eventType": "COMPLETE", "eventTime": "2026-11-27T10:00:00Z", "producer": "p", "schemaURL": "s",
                 "run": {"runId": "%s"}, "job": {"namespace": "spark", "name": "%s_%s"},
                 "inputs": [{"namespace": "%s", "name": "%s", "facets": {"schema": {"fields": [{"name": "%s", "type": "string"}]}}}],
                 "outputs": [{"namespace": "%s", "name": "%s", "facets": {"schema": {"fields": [{"name": "%s", "type": "string"}]},
                   "columnLineage": {"fields": {"%s": {"inputFields": [%s]}}}}}]}"""
                .formatted(UUID.randomUUID(), name, S, NS, input, inputColumn, NS, output, column, column,
                        edge(input, inputColumn, subtype, masking)))
                .post("/api/v1/lineage").then().statusCode(201);
    }

    private static long dataset(String name) {
        return given().queryParam("namespace", NS).queryParam("name", name).get("/api/v1/datasets").then()
                .statusCode(200).extract().jsonPath().getLong("[0].id");
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static boolean verifies(String publicKey, String body, String signature) throws Exception {
        java.security.Signature ed25519 = java.security.Signature.getInstance("Ed25519");
        ed25519.initVerify(java.security.KeyFactory.getInstance("Ed25519").generatePublic(
                new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(publicKey))));
        ed25519.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return ed25519.verify(java.util.Base64.getDecoder().decode(signature));
    }

    @Test
    @Order(1)
    @TestSecurity(user = "olga", roles = {"compliance-officer", "job-runner", "data-steward"})
    void anOfficerFilesAndPlansARequestButCannotApproveIt() {
        job("copy", "raw.customers", "mart.customers", "email", "email", "IDENTITY", false);
        job("share", "mart.customers", "share.customers", "email_hash", "email", "TRANSFORMATION", true);
        job("bill", "raw.orders", "finance.invoices", "client_ref", "customer_id", "IDENTITY", false);
        long raw = dataset("raw.customers");
        given().contentType(ContentType.JSON).body(List.of(Map.of("column", "email", "entityType", "EMAIL_ADDRESS",
                "confidence", 0.95))).post("/api/v1/datasets/" + raw + "/tags").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("action", "redact", "reason", "invoices are kept 10 years"))
                .put("/api/v1/datasets/" + dataset("finance.invoices") + "/erase-policy").then().statusCode(200)
                .body("action", equalTo("redact"));
        // The kept invoices also hold the billing name: a redacted row must lose it too.
        long invoices = dataset("finance.invoices");
        given().contentType(ContentType.JSON).body(Map.of("fields", List.of(Map.of("name", "client_ref", "type", "string"),
                Map.of("name", "billing_name", "type", "string"), Map.of("name", "amount", "type", "double"))))
                .put("/api/v1/datasets/" + invoices + "/schema").then().statusCode(200);
        given().contentType(ContentType.JSON).body(List.of(Map.of("column", "billing_name", "entityType", "PERSON",
                "confidence", 0.9))).post("/api/v1/datasets/" + invoices + "/tags").then().statusCode(200);

        JsonPath filed = given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(
                        Map.of("kind", "email", "value", " ann@example.com "), Map.of("kind", "customer_id", "value", "42")),
                        "legalBasis", "GDPR Art. 17(1)(a)"))
                .post("/api/v1/erase-requests").then().statusCode(201).extract().jsonPath();
        request = filed.getLong("id");
        assertThat(filed.getString("state")).isEqualTo("received");
        assertThat(filed.getString("requester")).isEqualTo("olga");
        assertThat(filed.getString("dueDate")).isEqualTo(LocalDate.now().plusDays(30).toString());
        assertThat(filed.getList("identifiers.value", String.class)).containsExactly("42", "ann@example.com");
        assertThat(filed.getList("transitions.to", String.class)).containsExactly("received");

        JsonPath planned = given().post("/api/v1/erase-requests/" + request + "/plan").then().statusCode(200)
                .extract().jsonPath();
        assertThat(planned.getString("state")).isEqualTo("planned");
        List<Map<String, Object>> plan = planned.getList("plan");
        assertThat(plan).filteredOn(i -> ((String) i.get("dataset")).startsWith(NS))
                .extracting(i -> i.get("dataset") + "." + i.get("column") + " " + i.get("identifier") + " "
                        + i.get("action") + " " + i.get("masked") + " <- " + i.get("foundBy"))
                .containsExactlyInAnyOrder(
                        NS + ":finance.invoices.client_ref customer_id redact null <- lineage from " + NS
                                + ":raw.orders.customer_id",
                        NS + ":finance.invoices.billing_name name redact null <- tag PERSON: personal data a kept row "
                                + "must not hold",
                        NS + ":mart.customers.email email delete null <- tag EMAIL_ADDRESS",
                        NS + ":raw.customers.email email delete null <- tag EMAIL_ADDRESS",
                        NS + ":raw.orders.customer_id customer_id delete null <- column name customer_id",
                        NS + ":share.customers.email_hash email delete sha2 <- tag EMAIL_ADDRESS");

        given().post("/api/v1/erase-requests/" + request + "/approve").then().statusCode(403)
                .body("error", containsString("other than the requester"));
        assertThat(given().get("/api/v1/erase-requests?state=planned").then().statusCode(200).extract().jsonPath()
                .getList("id", Long.class)).contains(request);
    }

    @Test
    @Order(2)
    @TestSecurity(user = "otto", roles = "compliance-officer")
    void anotherOfficerApprovesIt() throws Exception {
        JsonPath approved = given().post("/api/v1/erase-requests/" + request + "/approve").then().statusCode(200)
                .extract().jsonPath();
        assertThat(approved.getString("state")).isEqualTo("approved");
        assertThat(approved.getList("transitions.to", String.class)).containsExactly("received", "planned", "approved");
        assertThat(approved.getList("transitions.actor", String.class)).containsExactly("olga", "olga", "otto");
        given().post("/api/v1/erase-requests/" + request + "/approve").then().statusCode(409);
        given().post("/api/v1/erase-requests/" + request + "/plan").then().statusCode(409);

        // The dry run of the plan: rows and matching rows per dataset, or why one could not be counted.
        JsonPath counted = given().contentType(ContentType.JSON).body(Map.of("datasets", List.of(
                        Map.of("dataset", NS + ":raw.customers", "rows", 1000, "matching", 2),
                        Map.of("dataset", NS + ":share.customers", "note", "no location in the catalog"))))
                .put("/api/v1/erase-requests/" + request + "/counts").then().statusCode(200).extract().jsonPath();
        assertThat(counted.getList("counts.dataset", String.class))
                .containsExactly(NS + ":raw.customers", NS + ":share.customers");
        assertThat(counted.getLong("counts[0].matching")).isEqualTo(2);
        assertThat(counted.getString("counts[1].note")).isEqualTo("no location in the catalog");
        given().contentType(ContentType.JSON).body(Map.of("datasets", List.of(Map.of("dataset", NS + ":elsewhere",
                "rows", 1, "matching", 0)))).put("/api/v1/erase-requests/" + request + "/counts").then().statusCode(400)
                .body("error", containsString("not in the plan"));
        given().contentType(ContentType.JSON).body(Map.of("datasets", List.of(Map.of("dataset", NS + ":raw.customers",
                "rows", 1, "matching", 5)))).put("/api/v1/erase-requests/" + request + "/counts").then().statusCode(400);
        // A run: started, results per dataset as each rewrite finishes, verified once every planned dataset has one.
        given().post("/api/v1/erase-requests/" + request + "/verified").then().statusCode(409);
        assertThat(given().post("/api/v1/erase-requests/" + request + "/start").then().statusCode(200).extract()
                .jsonPath().getString("state")).isEqualTo("executing");
        given().post("/api/v1/erase-requests/" + request + "/start").then().statusCode(200); // a killed run resumes
        List<String> planned = approved.getList("plan.dataset", String.class).stream().distinct().toList();
        given().contentType(ContentType.JSON).body(Map.of("datasets", List.of(Map.of("dataset", NS + ":raw.customers",
                        "before", 1000, "after", 998, "erased", 2, "action", "delete"))))
                .put("/api/v1/erase-requests/" + request + "/results").then().statusCode(200);
        given().post("/api/v1/erase-requests/" + request + "/verified").then().statusCode(409)
                .body("error", containsString("no result for"));
        given().contentType(ContentType.JSON).body(Map.of("datasets", List.of(Map.of("dataset", NS + ":raw.customers",
                        "before", 1, "after", 1, "erased", 2, "action", "delete"))))
                .put("/api/v1/erase-requests/" + request + "/results").then().statusCode(400);
        // The run is resumed: raw.customers is rewritten again and has nothing left of the subject.
        given().contentType(ContentType.JSON).body(Map.of("datasets", planned.stream().map(d -> d.equals(NS
                        + ":raw.customers") ? Map.of("dataset", d, "before", 998, "after", 998, "erased", 0, "action",
                        "delete") : Map.of("dataset", d, "before", 10, "after", 9, "erased", 1, "action", "delete")).toList()))
                .put("/api/v1/erase-requests/" + request + "/results").then().statusCode(200);
        JsonPath verified = given().post("/api/v1/erase-requests/" + request + "/verified").then().statusCode(200)
                .extract().jsonPath();
        assertThat(verified.getString("state")).isEqualTo("verified");
        assertThat(verified.getList("results.dataset", String.class)).containsExactlyInAnyOrderElementsOf(planned);
        // Counted across both runs: rows before the first rewrite, after the last, every row erased.
        assertThat(verified.getMap("results.find { it.dataset == '" + NS + ":raw.customers' }"))
                .containsEntry("before", 1000).containsEntry("after", 998).containsEntry("erased", 2);
        given().post("/api/v1/erase-requests/" + request + "/start").then().statusCode(409);

        // The certificate: signed, verifiable with the service's public key, the subject only as hashes.
        JsonPath certificate = given().post("/api/v1/erase-requests/" + request + "/certificate").then().statusCode(200)
                .extract().jsonPath();
        String body = certificate.getString("body");
        assertThat(body).contains("\"eraseRequest\":" + request).contains("\"results\":[")
                .contains(sha256("email:ann@example.com")).doesNotContain("ann@example.com");
        JsonPath key = given().get("/api/v1/erase-certificates/public-key").then().statusCode(200).extract().jsonPath();
        assertThat(certificate.getString("keyId")).isEqualTo(key.getString("keyId"));
        assertThat(verifies(key.getString("publicKey"), body, certificate.getString("signature"))).isTrue();
        assertThat(verifies(key.getString("publicKey"), body.replace("\"erased\":1", "\"erased\":0"),
                certificate.getString("signature"))).isFalse();
        assertThat(given().get("/api/v1/erase-requests/" + request + "/certificate").then().statusCode(200).extract()
                .jsonPath().getString("signature")).isEqualTo(certificate.getString("signature"));
        assertThat(given().get("/api/v1/erase-requests/" + request).then().extract().jsonPath().getString("state"))
                .isEqualTo("completed");
        given().post("/api/v1/erase-requests/" + request + "/certificate").then().statusCode(409);

        // The audit log names the request and the identifier kinds, never a value.
        List<Map<String, Object>> audit = given().queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.target == 'erase-request:" + request + "' }");
        assertThat(audit).extracting(e -> e.get("action"))
                .containsExactlyInAnyOrder("erase.request", "erase.plan", "erase.approve", "erase.count", "erase.start",
                        "erase.result", "erase.result", "erase.verify", "erase.certify");
        assertThat(audit.toString()).contains("customer_id").doesNotContain("ann@example.com");
    }

    @Test
    @Order(3)
    @TestSecurity(user = "otto", roles = "compliance-officer")
    void aSubjectsDataIsLocatedByIdentifierKindsAlone() {
        List<Map<String, Object>> found = given().contentType(ContentType.JSON)
                .body(Map.of("identifierKinds", List.of("email"))).post("/api/v1/subject-access/locate").then()
                .statusCode(200).extract().jsonPath().getList("");
        assertThat(found).filteredOn(i -> ((String) i.get("dataset")).startsWith(NS))
                .extracting(i -> i.get("dataset") + "." + i.get("column") + " " + i.get("masked"))
                .containsExactlyInAnyOrder(NS + ":mart.customers.email null", NS + ":raw.customers.email null",
                        NS + ":share.customers.email_hash sha2");
        given().contentType(ContentType.JSON).body(Map.of("identifierKinds", List.of("E-Mail")))
                .post("/api/v1/subject-access/locate").then().statusCode(400);
    }

    @Test
    @Order(4)
    @TestSecurity(user = "otto", roles = "compliance-officer")
    void requestsAreCheckedAndRejectedWithAReason() {
        given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(), "legalBasis", "x"))
                .post("/api/v1/erase-requests").then().statusCode(400).body("error", containsString("identifier"));
        given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("kind", "E-Mail", "value", "a")),
                "legalBasis", "x")).post("/api/v1/erase-requests").then().statusCode(400)
                .body("error", containsString("identifiers[0].kind"));
        given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("kind", "email", "value", "a")),
                "legalBasis", "x", "dueDate", "2020-01-01")).post("/api/v1/erase-requests").then().statusCode(400)
                .body("error", containsString("in the past"));
        long id = given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("kind", "phone",
                        "value", "+44 20 7946 0958")), "legalBasis", "GDPR Art. 17(1)(b)")).post("/api/v1/erase-requests")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/erase-requests/" + id + "/reject").then()
                .statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("reason", "identity not verified"))
                .post("/api/v1/erase-requests/" + id + "/reject").then().statusCode(200)
                .body("state", equalTo("rejected")).body("reason", equalTo("identity not verified"));
        given().post("/api/v1/erase-requests/" + id + "/plan").then().statusCode(409);
        given().get("/api/v1/erase-requests/999999999").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "ann", roles = {"analyst", "data-steward", "job-runner"})
    void othersCannotFileOrReadRequests() {
        given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("kind", "email", "value", "a")),
                "legalBasis", "x")).post("/api/v1/erase-requests").then().statusCode(403);
        given().get("/api/v1/erase-requests").then().statusCode(403);
        given().post("/api/v1/erase-requests/1/approve").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("identifierKinds", List.of("email")))
                .post("/api/v1/subject-access/locate").then().statusCode(403);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/api/v1/erase-requests").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("action", "delete", "reason", "x"))
                .put("/api/v1/datasets/1/erase-policy").then().statusCode(401);
    }
}

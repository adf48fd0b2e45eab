package io.steward.service.crawl;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Crawls recorded in the catalog, against the machine's PostgreSQL (and the real launcher for the schedule). */
@QuarkusTest
class CrawlResourceTest {

    private static final List<Map<String, String>> EVENTS_V1 = List.of(
            field("id", "bigint"),
            field("user", "struct<name:string,address:struct<city:string,zip:string>>"),
            field("tags", "array<string>"),
            field("items", "array<struct<sku:string,qty:int>>"),
            field("attributes", "map<string,string>"),
            field("day", "date"));

    @Test
    @TestSecurity(user = "sam", roles = {"data-steward"})
    void aCrawlRegistersDatasetsAndRecordsAVersionOnlyWhenTheSchemaChanges() {
        String lake = "/lake/" + UUID.randomUUID();
        JsonPath first = post(crawl(lake, EVENTS_V1));
        assertThat(first.getString("datasets[0].action")).isEqualTo("registered");
        assertThat(first.getInt("datasets[0].version")).isEqualTo(1);
        assertThat(first.getString("datasets[0].policy")).isEqualTo("update");
        long id = first.getLong("datasets[0].id");

        JsonPath again = post(crawl(lake, EVENTS_V1));
        assertThat(again.getString("datasets[0].action")).isEqualTo("unchanged");
        assertThat(again.getInt("datasets[0].version")).isEqualTo(1);

        // A nested field added, another one's integer widened: a new version, nothing breaking.
        List<Map<String, String>> v2 = List.of(EVENTS_V1.get(0),
                field("user", "struct<name:string,address:struct<city:string,zip:string,geo:double>>"),
                EVENTS_V1.get(2), field("items", "array<struct<sku:string,qty:bigint>>"), EVENTS_V1.get(4),
                EVENTS_V1.get(5));
        JsonPath added = post(crawl(lake, v2));
        assertThat(added.getString("datasets[0].action")).isEqualTo("changed");
        assertThat(added.getInt("datasets[0].version")).isEqualTo(2);
        assertThat(added.getList("datasets[0].diff.added.name", String.class)).containsExactly("user.address.geo");
        assertThat(added.getList("datasets[0].diff.changed.name", String.class)).containsExactly("items[].qty");
        assertThat(added.getBoolean("datasets[0].breaking")).isFalse();

        // A column dropped and a type narrowed: breaking, still recorded under the update policy.
        List<Map<String, String>> v3 = List.of(field("id", "int"), v2.get(1), v2.get(3), v2.get(4), v2.get(5));
        JsonPath removed = post(crawl(lake, v3));
        assertThat(removed.getString("datasets[0].action")).isEqualTo("changed");
        assertThat(removed.getInt("datasets[0].version")).isEqualTo(3);
        assertThat(removed.getBoolean("datasets[0].breaking")).isTrue();
        assertThat(removed.getList("datasets[0].diff.removed.name", String.class)).containsExactly("tags");
        assertThat(removed.getString("datasets[0].message")).contains("breaking change").contains("removed tags")
                .contains("id: bigint -> int");

        JsonPath dataset = given().get("/api/v1/datasets/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(dataset.getList("partitionKeys", String.class)).containsExactly("day");
        assertThat(dataset.getInt("partitions")).isEqualTo(3);
        assertThat(dataset.getString("crawledAt")).isNotNull();
        assertThat(dataset.getString("location")).isEqualTo(lake + "/events");
        assertThat(dataset.getList("columns.name", String.class)).containsExactly("id", "user", "items", "attributes",
                "day");
        assertThat(given().get("/api/v1/datasets/" + id + "/schema-versions").then().statusCode(200).extract()
                .jsonPath().getList("version", Integer.class)).containsExactly(1, 2, 3);
    }

    @Test
    @TestSecurity(user = "sam", roles = {"data-steward", "compliance-officer"})
    void aSchemaPolicyRefusesWhatItDoesNotAllowAndTheRefusalIsAudited() {
        String lake = "/lake/" + UUID.randomUUID();
        long id = post(crawl(lake, EVENTS_V1)).getLong("datasets[0].id");
        setPolicy(id, lake, "additive");

        List<Map<String, String>> withColumn = new java.util.ArrayList<>(EVENTS_V1);
        withColumn.add(field("channel", "string"));
        JsonPath added = post(crawl(lake, withColumn));
        assertThat(added.getString("datasets[0].action")).isEqualTo("changed");
        assertThat(added.getString("datasets[0].policy")).isEqualTo("additive");

        List<Map<String, String>> retyped = new java.util.ArrayList<>(withColumn);
        retyped.set(0, field("id", "string"));
        JsonPath refused = post(crawl(lake, retyped));
        assertThat(refused.getString("datasets[0].action")).isEqualTo("refused");
        assertThat(refused.getInt("datasets[0].version")).as("the latest version stands").isEqualTo(2);
        assertThat(refused.getString("datasets[0].message")).contains("only added columns").contains("id: bigint -> string");

        setPolicy(id, lake, "freeze");
        List<Map<String, String>> more = new java.util.ArrayList<>(withColumn);
        more.add(field("referrer", "string"));
        assertThat(post(crawl(lake, more)).getString("datasets[0].action")).isEqualTo("refused");
        given().contentType(ContentType.JSON).body(Map.of("fields", more)).put("/api/v1/datasets/" + id + "/schema")
                .then().statusCode(409);
        assertThat(given().get("/api/v1/datasets/" + id + "/schema-versions").then().extract().jsonPath()
                .getList("version", Integer.class)).containsExactly(1, 2);

        JsonPath audit = given().queryParam("target", "dataset:file:" + lake + "/events").queryParam("action",
                "schema.refused").get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("action", String.class)).containsExactly("schema.refused", "schema.refused",
                "schema.refused");
    }

    @Test
    @TestSecurity(user = "ana", roles = {"analyst"})
    void anAnalystCannotRecordACrawl() {
        given().contentType(ContentType.JSON).body(crawl("/lake/x", EVENTS_V1)).post("/api/v1/crawls").then()
                .statusCode(403);
        given().post("/api/v1/crawls/scheduled-runs").then().statusCode(403);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().contentType(ContentType.JSON).body(crawl("/lake/x", EVENTS_V1)).post("/api/v1/crawls").then()
                .statusCode(401);
    }

    /**
     * The schedule's crawl, now: the real `steward crawl` (a Spark child) walks the configured lake
     * folder (steward.crawl.paths) and the service records what it found; crawled again after a
     * nested field was added to the JSON, that dataset gets a new version with exactly that diff.
     */
    @Test
    @TestSecurity(user = "sam", roles = {"data-steward"})
    void theScheduledCrawlWalksTheConfiguredFolderWithTheLauncher() throws Exception {
        Path lake = Path.of("target/crawl-lake").toAbsolutePath();
        Files.createDirectories(lake.resolve("visits/day=2026-11-01"));
        Files.createDirectories(lake.resolve("visits/day=2026-11-02"));
        Files.writeString(lake.resolve("visits/day=2026-11-01/part-0.csv"), "visit;email;amount\n1;a@x.org;1.5\n");
        Files.writeString(lake.resolve("visits/day=2026-11-02/part-0.csv"), "visit;email;amount\n2;b@x.org;2.5\n");
        Files.writeString(lake.resolve("profiles.jsonl"), "{\"id\":1,\"address\":{\"city\":\"Lyon\"}}\n");

        JsonPath runs = scheduledCrawl();
        assertThat(runs.getList("[0].datasets.name", String.class)).containsExactlyInAnyOrder(
                lake.resolve("profiles.jsonl").toString(), lake.resolve("visits").toString());
        String visits = "[0].datasets.find { it.name.endsWith('visits') }";
        assertThat(runs.getString(visits + ".action")).isIn("registered", "unchanged");
        long id = runs.getLong(visits + ".id");
        JsonPath dataset = given().get("/api/v1/datasets/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(dataset.getList("columns.name", String.class)).containsExactly("visit", "email", "amount", "day");
        assertThat(dataset.getList("columns.type", String.class)).containsExactly("int", "string", "double", "date");
        assertThat(dataset.getInt("partitions")).isEqualTo(2);

        String field = "f" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(lake.resolve("profiles.jsonl"), "{\"id\":1,\"address\":{\"city\":\"Lyon\",\"" + field
                + "\":\"x\"}}\n");
        JsonPath again = scheduledCrawl();
        String profiles = "[0].datasets.find { it.name.endsWith('profiles.jsonl') }";
        assertThat(again.getString(profiles + ".action")).isEqualTo("changed");
        assertThat(again.getList(profiles + ".diff.added.name", String.class)).containsExactly("address." + field);
        assertThat(again.getList(profiles + ".diff.removed", Object.class)).isEmpty();
        assertThat(again.getBoolean(profiles + ".breaking")).isFalse();
        assertThat(again.getString(visits + ".action")).isEqualTo("unchanged");
    }

    /** A Spark child answers in seconds, more when the launcher first rebuilds the cli: wait up to 3 minutes. */
    private static JsonPath scheduledCrawl() {
        return given().config(io.restassured.RestAssured.config().httpClient(
                        io.restassured.config.HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 180_000)))
                .post("/api/v1/crawls/scheduled-runs").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath post(Map<String, Object> crawl) {
        return given().contentType(ContentType.JSON).body(crawl).post("/api/v1/crawls").then().statusCode(200)
                .extract().jsonPath();
    }

    private static void setPolicy(long id, String lake, String policy) {
        given().contentType(ContentType.JSON).body(Map.of("namespace", "file", "name", lake + "/events",
                "location", lake + "/events", "format", "jsonl", "schemaPolicy", policy))
                .put("/api/v1/datasets/" + id).then().statusCode(200);
    }

    private static Map<String, Object> crawl(String lake, List<Map<String, String>> fields) {
        return Map.of("root", lake, "datasets", List.of(Map.of("namespace", "file", "name", lake + "/events",
                "location", lake + "/events", "format", "jsonl", "partitionKeys", List.of("day"), "partitions", 3,
                "files", 3, "fields", fields)), "problems", List.of());
    }

    private static Map<String, String> field(String name, String type) {
        return Map.of("name", name, "type", type);
    }
}

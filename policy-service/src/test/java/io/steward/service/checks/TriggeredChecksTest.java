package io.steward.service.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that run themselves: an OpenLineage COMPLETE posted for a job whose output has a ruleset
 * attached is checked by a real `steward check` child (through the launcher), the result recorded
 * against the run, the failed rows quarantined, the dataset version marked, a webhook delivered to
 * a local receiver (the first attempt refused, so the retry is seen), and readers blocked until a
 * newer version passes.
 */
@QuarkusTest
class TriggeredChecksTest {

    private static final String SECRET = "test-webhook-secret"; // %test.steward.notify.secret

    @Inject
    Pool database;

    private HttpServer receiver;
    private final List<Map.Entry<Map<String, String>, String>> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger(1);

    /** The test's webhook receiver at %test.steward.notify.webhook-url: refuses the first delivery. */
    @BeforeEach
    void receiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 18091), 0);
        receiver.createContext("/hooks/steward", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(Map.entry(Map.of("event", exchange.getRequestHeaders().getFirst("X-Steward-Event"),
                    "delivery", exchange.getRequestHeaders().getFirst("X-Steward-Delivery"),
                    "signature", exchange.getRequestHeaders().getFirst("X-Steward-Signature")), body));
            exchange.sendResponseHeaders(refusals.getAndDecrement() > 0 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    @TestSecurity(user = "sam", roles = {"data-steward", "job-runner"})
    void aCompletedJobsOutputIsCheckedRecordedNotifiedAndBlockedUntilANewVersionPasses() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path lake = Path.of("target/triggered-lake/orders-" + suffix).toAbsolutePath();
        writeDay(lake, "2026-11-01", "order_id,amount\n1,10.0\n2,20.0\n");
        writeDay(lake, "2026-11-02", "order_id,amount\n3,-5.0\n4,40.0\n");
        long dataset = given().contentType(ContentType.JSON).body(Map.of("namespace", "file", "name", lake.toString(),
                        "location", lake.toString(), "format", "csv", "blockFailedReads", true))
                .post("/api/v1/datasets").then().statusCode(201).extract().jsonPath().getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("fields", List.of(Map.of("name", "order_id", "type", "int"),
                Map.of("name", "amount", "type", "double"), Map.of("name", "day", "type", "date"))))
                .put("/api/v1/datasets/" + dataset + "/schema").then().statusCode(200);
        String ruleset = "orders_quality_" + suffix;
        given().contentType(ContentType.TEXT).body("Rules = [ RowCount > 0, ColumnValues \"amount\" >= 0, "
                        + "SchemaMatch \"catalog\" = 1.0 ]")
                .put("/api/v1/rulesets/" + ruleset).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("jobNamespace", "airflow", "jobName", "load_orders_" + suffix))
                .post("/api/v1/rulesets/" + ruleset + "/attachments").then().statusCode(200);

        UUID first = UUID.randomUUID();
        postComplete(first, suffix, lake);
        JsonPath failed = awaitCheck(first);
        assertThat(failed.getString("[0].state")).as(failed.prettify()).isEqualTo("failed");
        assertThat(failed.getString("[0].job")).isEqualTo("airflow:load_orders_" + suffix);
        assertThat(failed.getString("[0].ruleset")).isEqualTo(ruleset);
        long dqRun = failed.getLong("[0].dqRun");

        JsonPath runs = given().get("/api/v1/datasets/" + dataset + "/dq-runs").then().statusCode(200).extract()
                .jsonPath();
        assertThat(runs.getLong("[0].id")).isEqualTo(dqRun);
        assertThat(runs.getLong("[0].rowsTotal")).isEqualTo(4);
        assertThat(runs.getList("[0].rules.outcome", String.class)).as("the data's schema is the registered one")
                .containsExactly("PASS", "FAIL", "PASS");
        assertThat(sql("select cast(lineage_run_id as text) from dq_run where id = " + dqRun).get(0).getString(0))
                .isEqualTo(first.toString());
        assertThat(sql("select quality from dataset_version where dataset_id = " + dataset + " and run_id = '" + first
                + "'").get(0).getString(0)).isEqualTo("failed");
        Path quarantine = Path.of(failed.getString("[0].quarantine"));
        assertThat(Files.list(quarantine).anyMatch(f -> f.getFileName().toString().endsWith(".parquet"))).isTrue();

        // The webhook: refused once, delivered on the retry, signed, with the documented body.
        awaitDeliveries(2);
        assertThat(deliveries.get(0).getKey().get("delivery")).isEqualTo(deliveries.get(1).getKey().get("delivery"));
        Map.Entry<Map<String, String>, String> delivered = deliveries.get(1);
        assertThat(delivered.getKey().get("event")).isEqualTo("dq.failed");
        assertThat(delivered.getKey().get("signature")).isEqualTo("sha256=" + hmac(delivered.getValue()));
        JsonNode body = new ObjectMapper().readTree(delivered.getValue());
        assertThat(body.path("event").asText()).isEqualTo("dq.failed");
        assertThat(body.path("dataset").path("id").asLong()).isEqualTo(dataset);
        assertThat(body.path("runId").asText()).isEqualTo(first.toString());
        assertThat(body.path("dqRun").asLong()).isEqualTo(dqRun);
        assertThat(body.path("failedRules").get(0).path("rule").asText()).isEqualTo("ColumnValues \"amount\" >= 0");
        assertThat(body.path("rows").path("failed").asLong()).isEqualTo(1);

        // Readers of the failed version are refused.
        JsonPath blocked = decision(dataset);
        assertThat(blocked.getList("columns.decision", String.class)).containsOnly("deny");
        assertThat(blocked.getString("columns[0].reason")).contains("failed its quality checks");

        // The day is reprocessed without the bad row: the next run's check passes and readers are back.
        writeDay(lake, "2026-11-02", "order_id,amount\n3,5.0\n4,40.0\n");
        UUID second = UUID.randomUUID();
        postComplete(second, suffix, lake);
        assertThat(awaitCheck(second).getString("[0].state")).isEqualTo("passed");
        assertThat(decision(dataset).getList("columns.decision", String.class)).containsOnly("allow");
    }

    /**
     * Two workers (the test profile's steward.checks.workers): a run's two datasets are checked side
     * by side, while a second check of the same dataset and ruleset waits for the first (their
     * incremental state is one) instead of colliding with it.
     */
    @Test
    @TestSecurity(user = "sam", roles = {"data-steward", "job-runner"})
    void checksRunSideBySideButOneDatasetsChecksInTurn() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path east = Path.of("target/triggered-lake/east-" + suffix).toAbsolutePath();
        Path west = Path.of("target/triggered-lake/west-" + suffix).toAbsolutePath();
        for (Path lake : List.of(east, west)) {
            writeDay(lake, "2026-11-01", "order_id,amount\n1,10.0\n2,20.0\n");
            given().contentType(ContentType.JSON).body(Map.of("namespace", "file", "name", lake.toString(),
                    "location", lake.toString(), "format", "csv")).post("/api/v1/datasets").then().statusCode(201);
        }
        String ruleset = "regional_orders_" + suffix;
        given().contentType(ContentType.TEXT).body("Rules = [ RowCount > 0, ColumnValues \"amount\" >= 0 ]")
                .put("/api/v1/rulesets/" + ruleset).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("jobNamespace", "airflow", "jobName", "load_orders_" + suffix))
                .post("/api/v1/rulesets/" + ruleset + "/attachments").then().statusCode(200);

        UUID both = UUID.randomUUID();
        postComplete(both, suffix, east, west);
        writeDay(east, "2026-11-02", "order_id,amount\n3,30.0\n");
        UUID again = UUID.randomUUID();
        postComplete(again, suffix, east);

        JsonPath first = awaitCheck(both);
        JsonPath second = awaitCheck(again);
        assertThat(first.getList("state", String.class)).as(first.prettify()).containsOnly("passed").hasSize(2);
        assertThat(second.getList("state", String.class)).as(second.prettify()).containsExactly("passed");
        Map<String, Instant[]> times = new java.util.HashMap<>();
        for (int i = 0; i < 2; i++) {
            times.put(first.getString("[" + i + "].dataset"), new Instant[] {
                    Instant.parse(first.getString("[" + i + "].startedAt")),
                    Instant.parse(first.getString("[" + i + "].finishedAt"))});
        }
        Instant[] eastFirst = times.get("file:" + east);
        Instant[] westFirst = times.get("file:" + west);
        assertThat(eastFirst[0]).as("the two datasets' checks overlap").isBefore(westFirst[1]);
        assertThat(westFirst[0]).as("the two datasets' checks overlap").isBefore(eastFirst[1]);
        assertThat(Instant.parse(second.getString("[0].startedAt"))).as("east's second check waits for its first")
                .isAfterOrEqualTo(eastFirst[1]);
        assertThat(given().get("/api/v1/datasets/" + second.getLong("[0].datasetId") + "/dq-runs").then()
                .statusCode(200).extract().jsonPath().getLong("[0].rowsTotal")).as("both days, the first from its state")
                .isEqualTo(3);
    }

    @Test
    void anonymousCallersCannotListChecks() {
        given().get("/api/v1/quality-checks").then().statusCode(401);
    }

    private static void writeDay(Path lake, String day, String csv) throws IOException {
        Path folder = Files.createDirectories(lake.resolve("day=" + day));
        Files.writeString(folder.resolve("part-0.csv"), csv);
        // A rewrite within the same second must still look new to the bookmark.
        Files.setLastModifiedTime(folder.resolve("part-0.csv"), java.nio.file.attribute.FileTime.from(Instant.now()));
    }

    private static void postComplete(UUID run, String suffix, Path... lakes) {
        String outputs = java.util.Arrays.stream(lakes).map(lake -> "{\"namespace\": \"file\", \"name\": \"" + lake + "\"}")
                .collect(java.util.stream.Collectors.joining(", "));
        given().contentType(ContentType.JSON).body("""
                {"eventType": "COMPLETE", "eventTime": "%s", "producer": "https://example.org/airflow",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "%s"}, "job": {"namespace": "airflow", "name": "load_orders_%s"},
                 "inputs": [], "outputs": [%s]}
                """.formatted(Instant.now(), run, suffix, outputs)).post("/api/v1/lineage").then().statusCode(201);
    }

    /** The run's checks once they have finished (a Spark child takes seconds; on a busy machine, minutes). */
    private static JsonPath awaitCheck(UUID run) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            JsonPath checks = given().queryParam("runId", run.toString()).get("/api/v1/quality-checks").then()
                    .statusCode(200).extract().jsonPath();
            List<String> states = checks.getList("state", String.class);
            if (!states.isEmpty() && !states.contains("queued") && !states.contains("running")) {
                return checks;
            }
            assertThat(Instant.now()).as("check of run " + run + " still " + states).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private void awaitDeliveries(int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (deliveries.size() < count) {
            assertThat(Instant.now()).as("webhook deliveries: " + deliveries).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static JsonPath decision(long dataset) {
        return given().contentType(ContentType.JSON).body(Map.of("datasetId", dataset, "action", "read"))
                .post("/api/v1/access/decisions").then().statusCode(200).extract().jsonPath();
    }

    private List<Row> sql(String query) {
        List<Row> rows = new ArrayList<>();
        database.query(query).execute().await().indefinitely().forEach(rows::add);
        return rows;
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}

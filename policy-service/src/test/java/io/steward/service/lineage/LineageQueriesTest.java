package io.steward.service.lineage;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A small pipeline sent as OpenLineage, then asked about: raw.orders and raw.customers joined by
 * job "enrich" into mart.orders (email copied, customer_id a join key), mart.orders hashed by job
 * "publish" into share.orders at a later time. Facets beyond lineage land in their tables.
 */
@QuarkusTest
class LineageQueriesTest {

    @Inject
    Pool database;

    private String s;
    private String ns;

    private static String edge(String ns, String dataset, String field, String type, String subtype, boolean masking) {
        return """
                {"namespace": "%s", "name": "%s", "field": "%s", "transformations": [{"type": "%s", "subtype": "%s",
                 "description": "%s", "masking": %s}]}""".formatted(ns, dataset, field, type, subtype,
                masking ? "sha2" : "", masking);
    }

    private static void post(String body) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/lineage").then().statusCode(201);
    }

    private List<Row> rows(String sql) {
        List<Row> rows = new ArrayList<>();
        database.query(sql).execute().await().indefinitely().forEach(rows::add);
        return rows;
    }

    /** Sent by each test that reads it, under its caller: tests must hold job-runner to send. */
    private void pipeline() {
        s = UUID.randomUUID().toString().substring(0, 8);
        ns = "s3://lake-" + s;
        String enrich = """
                {"eventType": "%s", "eventTime": "%s", "producer": "p", "schemaURL": "s",
                 "run": {"runId": "%s", "facets": {"parent": {"run": {"runId": "%s"}, "job": {"namespace": "airflow", "name": "nightly"}}}},
                 "job": {"namespace": "spark", "name": "enrich_%s", "facets": {"ownership": {"owners": [{"name": "team:orders", "type": "team"}]}}},
                 "inputs": [
                   {"namespace": "%s", "name": "raw.orders", "facets": {"symlinks": {"identifiers": [{"namespace": "hive://metastore", "name": "raw.orders", "type": "TABLE"}]}},
                    "inputFacets": {"dataQualityMetrics": {"rowCount": 120, "columnMetrics": {"customer_id": {"nullCount": 0, "distinctCount": 40}}},
                                    "dataQualityAssertions": {"assertions": [{"assertion": "IsComplete", "column": "customer_id", "success": true}]}}},
                   {"namespace": "%s", "name": "raw.customers", "facets": {"ownership": {"owners": [{"name": "user:ann", "type": "person"}]},
                    "tags": {"tags": [{"key": "domain", "value": "crm", "source": "manual"}]}}}],
                 "outputs": [{"namespace": "%s", "name": "mart.orders",
                   "facets": {"version": {"datasetVersion": "v7"}, "schema": {"fields": [{"name": "order_id", "type": "long"}, {"name": "email", "type": "string"}]},
                     "columnLineage": {"fields": {
                       "order_id": {"inputFields": [%s]},
                       "email": {"inputFields": [%s, %s]}}}},
                   "outputFacets": {"outputStatistics": {"rowCount": 118, "size": 4096}}}]}""";
        UUID run = UUID.randomUUID();
        String complete = enrich.formatted("COMPLETE", "2026-11-27T10:05:00Z", run, UUID.randomUUID(), s, ns, ns, ns,
                edge(ns, "raw.orders", "id", "DIRECT", "IDENTITY", false),
                edge(ns, "raw.customers", "email", "DIRECT", "IDENTITY", false),
                edge(ns, "raw.orders", "customer_id", "INDIRECT", "JOIN", false));
        // COMPLETE arrives before START: the run still ends COMPLETE, started at START.
        post(complete);
        post(complete.replace("\"COMPLETE\"", "\"START\"").replace("10:05:00Z", "10:00:00Z"));
        post("""
                {"eventType": "COMPLETE", "eventTime": "2026-11-27T12:00:00Z", "producer": "p", "schemaURL": "s",
                 "run": {"runId": "%s"}, "job": {"namespace": "spark", "name": "publish_%s"},
                 "inputs": [{"namespace": "%s", "name": "mart.orders"}],
                 "outputs": [{"namespace": "%s", "name": "share.orders", "facets": {"columnLineage": {"fields": {
                   "order_id": {"inputFields": [%s]}, "email_hash": {"inputFields": [%s]}}}}}]}"""
                .formatted(UUID.randomUUID(), s, ns, ns, edge(ns, "mart.orders", "order_id", "DIRECT", "IDENTITY", false),
                        edge(ns, "mart.orders", "email", "DIRECT", "TRANSFORMATION", true)));
    }

    @Test
    @TestSecurity(user = "olga", roles = {"compliance-officer", "job-runner"})
    void runsKeepTheirStatesAndParentWhateverTheOrder() {
        pipeline();
        List<Row> run = rows("select r.state, r.started_at, r.ended_at, r.parent_run_id is not null, "
                + "(select count(*) from lineage_run_state t where t.run_id = r.run_id), v.version is not null "
                + "from lineage_run r join job j on j.id = r.job_id left join job_version v on v.id = r.job_version_id "
                + "where j.name = 'enrich_" + s + "'");
        assertThat(run).hasSize(1);
        assertThat(run.get(0).getString(0)).isEqualTo("COMPLETE");
        assertThat(run.get(0).getOffsetDateTime(1).toString()).isEqualTo("2026-11-27T10:00Z");
        assertThat(run.get(0).getOffsetDateTime(2).toString()).isEqualTo("2026-11-27T10:05Z");
        assertThat(run.get(0).getBoolean(3)).isTrue();
        assertThat(run.get(0).getLong(4)).isEqualTo(2);
        assertThat(run.get(0).getBoolean(5)).isTrue();
        // The shape the COMPLETE reported counts from when the run began, at the START that came later.
        assertThat(rows("select distinct s.began_at from job_shape s join job j on j.id = s.job_id where j.name = 'enrich_"
                + s + "'").stream().map(r -> r.getOffsetDateTime(0).toString()).toList())
                .containsExactly("2026-11-27T10:00Z");
    }

    @Test
    @TestSecurity(user = "olga", roles = {"compliance-officer", "job-runner"})
    void facetsLandInTheGraph() {
        pipeline();
        String in = " from dataset d where d.namespace = '" + ns + "'";
        assertThat(rows("select v.version, v.row_count, v.bytes, v.schema_version from dataset_version v join dataset d "
                + "on d.id = v.dataset_id where d.namespace = '" + ns + "' and d.name = 'mart.orders'").stream()
                .map(r -> r.getString(0) + " " + r.getLong(1) + " " + r.getLong(2) + " " + r.getInteger(3)).toList())
                .containsExactly("v7 118 4096 1");
        assertThat(rows("select s.namespace || ' ' || s.name || ' ' || s.type from dataset_symlink s join dataset d on "
                + "d.id = s.dataset_id where d.namespace = '" + ns + "'").get(0).getString(0))
                .isEqualTo("hive://metastore raw.orders TABLE");
        assertThat(rows("select d.owner" + in + " and d.name = 'raw.customers'").get(0).getString(0)).isEqualTo("user:ann");
        assertThat(rows("select t.key || '=' || t.value from dataset_tag t join dataset d on d.id = t.dataset_id where "
                + "d.namespace = '" + ns + "'").get(0).getString(0)).isEqualTo("domain=crm");
        assertThat(rows("select m.column_name || ' ' || m.metric || ' ' || m.value from lineage_dq_metric m join dataset d "
                + "on d.id = m.dataset_id where d.namespace = '" + ns + "' order by 1").stream().map(r -> r.getString(0))
                .toList()).containsExactly(" rowCount 120", "customer_id distinctCount 40", "customer_id nullCount 0");
        assertThat(rows("select a.assertion || ' ' || a.column_name || ' ' || a.success from lineage_dq_assertion a join "
                + "dataset d on d.id = a.dataset_id where d.namespace = '" + ns + "'").get(0).getString(0))
                .isEqualTo("IsComplete customer_id true");
        assertThat(rows("select o.name from job_owner o join job j on j.id = o.job_id where j.name = 'enrich_" + s + "'")
                .get(0).getString(0)).isEqualTo("team:orders");
    }

    @Test
    @TestSecurity(user = "olga", roles = {"compliance-officer", "job-runner"})
    void datasetLineageHasMarquezShapeAndAnswersAsOfAPastTime() {
        pipeline();
        JsonPath now = given().queryParam("nodeId", "dataset:" + ns + ":mart.orders").queryParam("depth", 2)
                .get("/api/v1/lineage").then().statusCode(200).extract().jsonPath();
        assertThat(now.getList("graph.id", String.class)).containsExactlyInAnyOrder(
                "dataset:" + ns + ":mart.orders", "dataset:" + ns + ":raw.customers", "dataset:" + ns + ":raw.orders",
                "dataset:" + ns + ":share.orders", "job:spark:enrich_" + s, "job:spark:publish_" + s);
        Map<String, Object> enrich = now.getMap("graph.find { it.id == 'job:spark:enrich_" + s + "' }");
        assertThat(enrich).containsKeys("id", "type", "data", "inEdges", "outEdges").containsEntry("type", "JOB");
        assertThat(now.getList("graph.find { it.id == 'job:spark:enrich_" + s + "' }.outEdges.destination", String.class))
                .containsExactly("dataset:" + ns + ":mart.orders");
        assertThat(now.getString("graph.find { it.id == 'job:spark:enrich_" + s + "' }.data.latestRun.state"))
                .isEqualTo("COMPLETE");
        assertThat(now.getList("graph.find { it.id == 'dataset:" + ns + ":mart.orders' }.data.fields.name", String.class))
                .containsExactly("order_id", "email");
        // At 11:00 the publish job had not run yet.
        assertThat(given().queryParam("nodeId", "dataset:" + ns + ":mart.orders").queryParam("asOf", "2026-11-27T11:00:00Z")
                .get("/api/v1/lineage").then().statusCode(200).extract().jsonPath().getList("graph.id", String.class))
                .doesNotContain("job:spark:publish_" + s).contains("job:spark:enrich_" + s);
        given().queryParam("nodeId", "dataset:" + ns + ":nothing").get("/api/v1/lineage").then().statusCode(404);
        given().queryParam("nodeId", "table:x").get("/api/v1/lineage").then().statusCode(400);
        given().queryParam("nodeId", "dataset:" + ns + ":mart.orders").queryParam("asOf", "noon")
                .get("/api/v1/lineage").then().statusCode(400);
    }

    @Test
    @TestSecurity(user = "olga", roles = {"compliance-officer", "job-runner"})
    void columnLineageGoesUpAndDownWithTransformations() {
        pipeline();
        JsonPath graph = given().queryParam("nodeId", "datasetField:" + ns + ":mart.orders:email")
                .queryParam("depth", 5).queryParam("withDownstream", true)
                .get("/api/v1/column-lineage").then().statusCode(200).extract().jsonPath();
        assertThat(graph.getList("graph.id", String.class)).containsExactlyInAnyOrder(
                "datasetField:" + ns + ":mart.orders:email", "datasetField:" + ns + ":raw.customers:email",
                "datasetField:" + ns + ":raw.orders:customer_id", "datasetField:" + ns + ":share.orders:email_hash");
        String email = "graph.find { it.id == 'datasetField:" + ns + ":mart.orders:email' }";
        assertThat(graph.getString(email + ".type")).isEqualTo("DATASET_FIELD");
        assertThat(graph.getList(email + ".data.inputFields.field", String.class))
                .containsExactlyInAnyOrder("email", "customer_id");
        assertThat(graph.getList(email + ".inEdges.origin", String.class)).hasSize(2);
        String hashed = "graph.find { it.id == 'datasetField:" + ns + ":share.orders:email_hash' }";
        assertThat(graph.getList(hashed + ".data.inputFields[0].transformations", Map.class))
                .containsExactly(Map.of("type", "DIRECT", "subtype", "TRANSFORMATION", "description", "sha2",
                        "masking", true));
        // Upstream only, without withDownstream.
        assertThat(given().queryParam("nodeId", "datasetField:" + ns + ":mart.orders:email").get("/api/v1/column-lineage")
                .then().statusCode(200).extract().jsonPath().getList("graph.id", String.class))
                .doesNotContain("datasetField:" + ns + ":share.orders:email_hash");
    }

    @Test
    @TestSecurity(user = "olga", roles = {"compliance-officer", "job-runner"})
    void impactListsEverythingDownstreamAndPathsJoinNodes() {
        pipeline();
        JsonPath impact = given().queryParam("nodeId", "datasetField:" + ns + ":raw.customers:email")
                .get("/api/v1/lineage/impact").then().statusCode(200).extract().jsonPath();
        assertThat(impact.getList("columns.id", String.class)).containsExactly(
                "datasetField:" + ns + ":mart.orders:email", "datasetField:" + ns + ":share.orders:email_hash");
        assertThat(impact.getList("columns.masked", Boolean.class)).containsExactly(false, true);
        assertThat(impact.getList("datasets.id", String.class)).containsExactly(
                "dataset:" + ns + ":mart.orders", "dataset:" + ns + ":share.orders");

        given().queryParam("from", "dataset:" + ns + ":raw.orders").queryParam("to", "dataset:" + ns + ":share.orders")
                .get("/api/v1/lineage/path").then().statusCode(200).body("direction", equalTo("downstream"))
                .body("nodes", org.hamcrest.Matchers.contains("dataset:" + ns + ":raw.orders", "job:spark:enrich_" + s,
                        "dataset:" + ns + ":mart.orders", "job:spark:publish_" + s, "dataset:" + ns + ":share.orders"));
        given().queryParam("from", "datasetField:" + ns + ":share.orders:email_hash")
                .queryParam("to", "datasetField:" + ns + ":raw.customers:email")
                .get("/api/v1/lineage/path").then().statusCode(200).body("direction", equalTo("upstream"))
                .body("nodes", org.hamcrest.Matchers.contains("datasetField:" + ns + ":share.orders:email_hash",
                        "datasetField:" + ns + ":mart.orders:email", "datasetField:" + ns + ":raw.customers:email"));
        given().queryParam("from", "dataset:" + ns + ":raw.orders").queryParam("to", "dataset:" + ns + ":raw.customers")
                .get("/api/v1/lineage/path").then().statusCode(404);
    }

    /** A run of job "reshape" at a time, reading one dataset into out.x; with no input, a run that failed early. */
    private void reshapeRun(String time, String input) {
        String io = input == null ? "" : """
                , "inputs": [{"namespace": "%1$s", "name": "%2$s"}],
                 "outputs": [{"namespace": "%1$s", "name": "out", "facets": {"columnLineage": {"fields": {
                   "x": {"inputFields": [%3$s]}}}}}]""".formatted(ns, input,
                edge(ns, input, "x", "DIRECT", "IDENTITY", false));
        post("""
                {"eventType": "%s", "eventTime": "%s", "producer": "p", "schemaURL": "s",
                 "run": {"runId": "%s"}, "job": {"namespace": "spark", "name": "reshape_%s"}%s}"""
                .formatted(input == null ? "FAIL" : "COMPLETE", time, UUID.randomUUID(), s, io));
    }

    private List<String> lineageIds(String nodeId, String path, String asOf) {
        var request = given().queryParam("nodeId", nodeId).queryParam("depth", 3);
        if (asOf != null) {
            request.queryParam("asOf", asOf);
        }
        return request.get(path).then().statusCode(200).extract().jsonPath().getList("graph.id", String.class);
    }

    @Test
    @TestSecurity(user = "olga", roles = {"compliance-officer", "job-runner"})
    void edgesAJobStopsProducingAreRetiredButKeptForThePast() {
        s = UUID.randomUUID().toString().substring(0, 8);
        ns = "s3://lake-" + s;
        String out = "dataset:" + ns + ":out";
        String outX = "datasetField:" + ns + ":out:x";
        // Out of order: the 13:00 run, reading raw.b instead of raw.a, arrives before the 09:00 one.
        reshapeRun("2026-11-27T13:00:00Z", "raw.b");
        reshapeRun("2026-11-27T09:00:00Z", "raw.a");
        reshapeRun("2026-11-27T14:00:00Z", null); // failed before it read anything: changes nothing

        assertThat(lineageIds(out, "/api/v1/lineage", null)).contains("dataset:" + ns + ":raw.b")
                .doesNotContain("dataset:" + ns + ":raw.a");
        assertThat(lineageIds(out, "/api/v1/lineage", "2026-11-27T10:00:00Z")).contains("dataset:" + ns + ":raw.a")
                .doesNotContain("dataset:" + ns + ":raw.b");
        assertThat(lineageIds(out, "/api/v1/lineage", "2026-11-27T08:00:00Z")).containsExactly(out);
        assertThat(lineageIds(outX, "/api/v1/column-lineage", null))
                .containsExactlyInAnyOrder(outX, "datasetField:" + ns + ":raw.b:x");
        assertThat(lineageIds(outX, "/api/v1/column-lineage", "2026-11-27T10:00:00Z"))
                .containsExactlyInAnyOrder(outX, "datasetField:" + ns + ":raw.a:x");
        assertThat(given().queryParam("nodeId", "datasetField:" + ns + ":raw.a:x").get("/api/v1/lineage/impact")
                .then().statusCode(200).extract().jsonPath().getList("columns.id", String.class)).isEmpty();
        assertThat(given().queryParam("nodeId", "datasetField:" + ns + ":raw.b:x").get("/api/v1/lineage/impact")
                .then().statusCode(200).extract().jsonPath().getList("columns.id", String.class)).containsExactly(outX);
        given().queryParam("from", "dataset:" + ns + ":raw.a").queryParam("to", out).get("/api/v1/lineage/path")
                .then().statusCode(404);
        given().queryParam("from", "dataset:" + ns + ":raw.b").queryParam("to", out).get("/api/v1/lineage/path")
                .then().statusCode(200);

        // The old shape comes back at 15:00: live again from then on, the 13:00 shape still seen at 14:30.
        reshapeRun("2026-11-27T15:00:00Z", "raw.a");
        assertThat(lineageIds(outX, "/api/v1/column-lineage", null))
                .containsExactlyInAnyOrder(outX, "datasetField:" + ns + ":raw.a:x");
        assertThat(lineageIds(outX, "/api/v1/column-lineage", "2026-11-27T14:30:00Z"))
                .containsExactlyInAnyOrder(outX, "datasetField:" + ns + ":raw.b:x");

        // What a retired edge copied still exists: a tag on raw.b.x reaches out.x all the same.
        long b = rows("select id from dataset where namespace = '" + ns + "' and name = 'raw.b'").get(0).getLong(0);
        given().contentType(ContentType.JSON).body(Map.of("fields", List.of(Map.of("name", "x", "type", "string"))))
                .put("/api/v1/datasets/" + b + "/schema").then().statusCode(200);
        given().contentType(ContentType.JSON).body(List.of(Map.of("column", "x", "entityType", "EMAIL_ADDRESS",
                "confidence", 0.9))).post("/api/v1/datasets/" + b + "/tags").then().statusCode(200);
        assertThat(rows("select c.name from column_tag t join dataset_column c on c.id = t.column_id join dataset d on "
                + "d.id = c.dataset_id where d.namespace = '" + ns + "' and d.name = 'out' and t.source = 'propagated'")
                .stream().map(r -> r.getString(0)).toList()).containsExactly("x");
    }

    @Test
    @TestSecurity(user = "olga", roles = {"compliance-officer", "job-runner"})
    void joinKeysDoNotCarryTags() {
        pipeline();
        long orders = rows("select id from dataset where namespace = '" + ns + "' and name = 'raw.orders'").get(0).getLong(0);
        given().contentType(ContentType.JSON).body(Map.of("fields", List.of(Map.of("name", "id", "type", "long"),
                Map.of("name", "customer_id", "type", "string")))).put("/api/v1/datasets/" + orders + "/schema")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(List.of(Map.of("column", "customer_id", "entityType", "US_SSN",
                "confidence", 0.9))).post("/api/v1/datasets/" + orders + "/tags").then().statusCode(200);
        assertThat(rows("select count(*) from column_tag t join dataset_column c on c.id = t.column_id join dataset d on "
                + "d.id = c.dataset_id where d.namespace = '" + ns + "' and t.source = 'propagated'").get(0).getLong(0))
                .isZero();
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void analystsReadLineage() {
        given().queryParam("nodeId", "dataset:s3://nowhere:none").get("/api/v1/lineage").then().statusCode(404);
        given().queryParam("nodeId", "datasetField:s3://nowhere:none:x").get("/api/v1/column-lineage").then()
                .statusCode(404);
    }

    @Test
    void anonymousCallersCannotReadLineage() {
        given().queryParam("nodeId", "dataset:s3://lake:x").get("/api/v1/column-lineage").then().statusCode(401);
        given().queryParam("nodeId", "dataset:s3://lake:x").get("/api/v1/lineage/impact").then().statusCode(401);
        given().queryParam("from", "dataset:s3://lake:x").get("/api/v1/lineage/path").then().statusCode(401);
    }
}

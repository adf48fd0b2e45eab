package io.steward.service.lineage;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Events the real openlineage-spark listener produced (cli's SparkOpenLineageTest keeps them in
 * src-test-data): two CSV files joined, the email hashed with sha2, aggregated into "totals", and
 * an unmasked copy "contacts". Ingested, they give exactly that lineage, and a PII tag on the
 * source email stops at the hash while the copy carries it.
 */
@QuarkusTest
class SparkEventsIngestTest {

    @Inject
    Pool database;

    private List<Row> rows(String sql) {
        List<Row> rows = new ArrayList<>();
        database.query(sql).execute().await().indefinitely().forEach(rows::add);
        return rows;
    }

    @Test
    @TestSecurity(user = "spark", roles = {"job-runner", "data-steward"})
    void realSparkEventsGiveTheExactLineageAndTagsStopAtTheHash() throws Exception {
        String dir = "/data/steward-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> lines = Files.readAllLines(Path.of("../src-test-data/openlineage/spark-join-hash-aggregate.jsonl"));
        String body = "[" + String.join(",", lines).replace("/data/steward-e2e", dir) + "]";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/lineage").then().statusCode(201)
                .body("received", equalTo(lines.size()), "duplicates", equalTo(0));

        String edges = "select o.name || '.' || l.output_column || ' <- ' || i.name || '.' || l.input_column || ' ' "
                + "|| l.transformation || '/' || l.subtype || case when l.masking then ' masking' else '' end "
                + "from column_lineage l join dataset o on o.id = l.output_dataset_id join dataset i on "
                + "i.id = l.input_dataset_id where o.name like '" + dir + "/%' order by 1";
        assertThat(rows(edges).stream().map(r -> r.getString(0).replace(dir + "/", "")).toList()).containsExactly(
                "contacts.email <- customers.csv.email DIRECT/IDENTITY",
                "contacts.name <- customers.csv.name DIRECT/IDENTITY",
                "totals.email_hash <- customers.csv.email DIRECT/TRANSFORMATION masking",
                "totals.name <- customers.csv.name DIRECT/IDENTITY",
                "totals.total <- orders.csv.amount DIRECT/TRANSFORMATION");
        assertThat(rows("select count(*) from dataset_lineage l join dataset o on o.id = l.output_dataset_id where "
                + "o.name = '" + dir + "/totals' and l.transformation = 'INDIRECT' and l.subtype = 'JOIN'").get(0)
                .getLong(0)).isEqualTo(2);
        // Each Spark action's run has the application's run as parent, and Steward's job run as root.
        assertThat(rows("select count(*) from lineage_run r join lineage_run s on s.run_id = r.root_run_id join job j "
                + "on j.id = s.job_id where j.namespace = 'steward' and j.name = 'e2e' and r.parent_run_id is not null")
                .get(0).getLong(0)).isEqualTo(4);

        long customers = rows("select id from dataset where name = '" + dir + "/customers.csv'").get(0).getLong(0);
        given().contentType(ContentType.JSON).body(List.of(Map.of("column", "email", "entityType", "EMAIL_ADDRESS",
                        "confidence", 0.99), Map.of("column", "name", "entityType", "PERSON", "confidence", 0.8)))
                .post("/api/v1/datasets/" + customers + "/tags").then().statusCode(200);
        String tags = "select d.name || '.' || c.name || ' ' || t.entity_type || case when t.masked then ' masked by ' "
                + "|| t.transform else '' end from column_tag t join dataset_column c on c.id = t.column_id join dataset d "
                + "on d.id = c.dataset_id where t.source = 'propagated' and d.name like '" + dir + "/%' order by 1";
        assertThat(rows(tags).stream().map(r -> r.getString(0).replace(dir + "/", "")).toList()).containsExactly(
                "contacts.email EMAIL_ADDRESS", "contacts.name PERSON", "totals.email_hash EMAIL_ADDRESS masked by "
                        + "TRANSFORMATION", "totals.name PERSON");

        // The same events again change nothing.
        given().contentType(ContentType.JSON).body(body).post("/api/v1/lineage").then().statusCode(201)
                .body("received", equalTo(0), "duplicates", equalTo(lines.size()));
    }
}

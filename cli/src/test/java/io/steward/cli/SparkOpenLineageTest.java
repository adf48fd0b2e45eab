package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spark job with the real openlineage-spark listener, sending over HTTP with a bearer token as
 * Steward's jobs do: read two datasets, join, hash a column, aggregate, write; and an unmasked
 * copy. The events received carry the exact column lineage, the masking flag on the hash, and
 * Steward's own closing event as the parent run. The events are kept in src-test-data (the paths
 * made stable) for the service's ingest test: {@code -Dsteward.regenerate=true} rewrites them.
 */
class SparkOpenLineageTest {

    static final Path FIXTURE = Path.of("../src-test-data/openlineage/spark-join-hash-aggregate.jsonl");
    static final String STABLE_DIR = "/data/steward-e2e";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpServer server;
    private static final List<String> received = new CopyOnWriteArrayList<>();
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void collector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/lineage", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
    }

    /** Each test's listener is drained and detached when its job completes, so what arrives after this is its own. */
    @BeforeEach
    void nothingReceivedYet() {
        received.clear();
        authorizations.clear();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void theListenerReportsColumnLineageWithMaskingAndStewardClosesTheRun(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("customers.csv"), "id,email,name\n1,ann@example.com,Ann\n2,bob@example.org,Bob\n");
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id,amount\n10,1,5.0\n11,1,7.0\n12,2,3.0\n");
        JobLineage lineage = JobLineage.to(new JobLineage.Target("http://127.0.0.1:" + server.getAddress().getPort(),
                Optional.of("secret-token")), "e2e",
                new java.io.PrintWriter(System.err, true));
        SparkSession spark = SparkSessions.create("steward e2e", "local[2]");
        lineage.attach(spark);
        Dataset<Row> customers = spark.read().option("header", "true").csv(dir.resolve("customers.csv").toString());
        Dataset<Row> orders = spark.read().option("header", "true").csv(dir.resolve("orders.csv").toString());
        Dataset<Row> joined = orders.join(customers, orders.col("customer_id").equalTo(customers.col("id")))
                .select(col("email"), sha2(col("email"), 256).as("email_hash"), col("name"),
                        col("amount").cast("double").as("amount"));
        joined.groupBy("email_hash", "name").agg(sum("amount").as("total"), count(lit(1)).as("orders"))
                .write().parquet(dir.resolve("totals").toString());
        joined.select("email", "name").write().parquet(dir.resolve("contacts").toString());
        lineage.complete(List.of(JobLineage.file(dir.resolve("customers.csv"))), List.of(), Optional.empty());

        assertThat(authorizations).isNotEmpty().allMatch("Bearer secret-token"::equals);
        List<JsonNode> events = new ArrayList<>();
        for (String body : received) {
            events.add(JSON.readTree(body.replace(dir.toString(), STABLE_DIR)));
        }
        assertThat(lineageOf(events, "totals")).containsExactly(
                "email_hash <- customers.csv.email DIRECT/TRANSFORMATION masking",
                "name <- customers.csv.name DIRECT/IDENTITY",
                "total <- orders.csv.amount DIRECT/TRANSFORMATION");
        assertThat(lineageOf(events, "contacts")).containsExactly(
                "email <- customers.csv.email DIRECT/IDENTITY",
                "name <- customers.csv.name DIRECT/IDENTITY");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("job").path("name").asText()).isEqualTo("e2e");
        String stewardRun = last.path("run").path("runId").asText();
        assertThat(events.stream().filter(e -> e.path("job").path("name").asText().contains("totals")))
                .allMatch(e -> e.at("/run/facets/parent/root/run/runId").asText().equals(stewardRun));

        if (Boolean.getBoolean("steward.regenerate")) {
            Files.write(FIXTURE, events.stream().map(JsonNode::toString).toList());
        }
        List<JsonNode> fixture = new ArrayList<>();
        for (String line : Files.readAllLines(FIXTURE)) {
            fixture.add(JSON.readTree(line));
        }
        // What the service's ingest test reads is what this listener produces today.
        assertThat(lineageOf(fixture, "totals")).isEqualTo(lineageOf(events, "totals"));
        assertThat(lineageOf(fixture, "contacts")).isEqualTo(lineageOf(events, "contacts"));
    }

    /** Steward's jobs write through a hidden staging folder; lineage names the folder the data ends up in. */
    @Test
    void anOutputWrittenThroughItsStagingFolderIsNamedByItsFinalPath(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("people.csv"), "id,email\n1,ann@example.com\n");
        JobLineage lineage = JobLineage.to(new JobLineage.Target("http://127.0.0.1:" + server.getAddress().getPort(),
                Optional.empty()), "staged", new java.io.PrintWriter(System.err, true));
        SparkSession spark = SparkSessions.create("steward e2e", "local[2]");
        lineage.attach(spark);
        Dataset<Row> people = spark.read().option("header", "true").csv(dir.resolve("people.csv").toString());
        AtomicOutput.write(dir.resolve("masked"), "run-42", folder -> people.select(sha2(col("email"), 256)
                .as("email_hash")).write().parquet(folder.toString()));
        lineage.complete(List.of(), List.of(), Optional.empty());

        List<String> outputs = new ArrayList<>();
        for (String body : received) {
            JSON.readTree(body).path("outputs").forEach(output -> outputs.add(output.path("name").asText()));
        }
        assertThat(outputs).isNotEmpty().allMatch(name -> name.equals(dir.resolve("masked").toString()), "the final path");
        assertThat(dir.resolve("masked").resolve("_SUCCESS")).exists();
    }

    /** The column lineage of the COMPLETE events writing a folder: "field <- file.field TYPE/SUBTYPE [masking]". */
    static TreeSet<String> lineageOf(List<JsonNode> events, String output) {
        TreeSet<String> edges = new TreeSet<>();
        for (JsonNode event : events) {
            if (!"COMPLETE".equals(event.path("eventType").asText())) {
                continue;
            }
            for (JsonNode dataset : event.path("outputs")) {
                if (!dataset.path("name").asText().endsWith("/" + output)) {
                    continue;
                }
                dataset.at("/facets/columnLineage/fields").fields().forEachRemaining(field -> {
                    for (JsonNode input : field.getValue().path("inputFields")) {
                        String source = input.path("name").asText();
                        for (JsonNode t : input.path("transformations")) {
                            edges.add(field.getKey() + " <- " + source.substring(source.lastIndexOf('/') + 1) + "."
                                    + input.path("field").asText() + " " + t.path("type").asText() + "/"
                                    + t.path("subtype").asText() + (t.path("masking").asBoolean() ? " masking" : ""));
                        }
                    }
                });
            }
        }
        return edges;
    }
}

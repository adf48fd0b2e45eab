package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `steward crawl` on generated lakes: nested JSON, Parquet with maps and an evolving schema, sniffed CSV. */
class CrawlCommandTest {

    @TempDir
    Path lake;

    @Test
    void infersNestedSchemasWithPartitionColumnsAndSeesColumnsAddedInNewerPartitions() throws IOException {
        Files.createDirectories(lake.resolve("events/day=2026-11-01"));
        Files.writeString(lake.resolve("events/day=2026-11-01/part-0.jsonl"), """
                {"id": 1, "user": {"name": "Ann", "address": {"city": "Lyon"}}, "tags": ["a", "b"], "items": [{"sku": "x1", "qty": 2}]}
                {"id": 2, "user": {"name": "Bo", "address": {"city": "Oslo"}}, "tags": [], "items": []}
                """);
        SparkSession spark = SparkSessions.create("crawl-test", "local[1]");
        spark.sql("SELECT 1L AS id, map('color', 'red') AS attributes").write()
                .parquet(lake.resolve("products/region=eu").toString());
        spark.sql("SELECT 2L AS id, map('color', 'blue') AS attributes, 9.5D AS price").write()
                .parquet(lake.resolve("products/region=us").toString());
        Files.createDirectories(lake.resolve("ledger"));
        Files.writeString(lake.resolve("ledger/2026.csv"), "entry|amount|booked\n1|10.5|2026-01-02\n2|7|2026-01-03\n");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Steward.run(new String[] {"crawl", lake.toString(), "--json", "--master", "local[1]"},
                new PrintWriter(out), new PrintWriter(err));

        assertThat(code).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        report.path("datasets").forEach(d -> byName.put(Path.of(d.path("name").asText()).getFileName().toString(), d));
        assertThat(byName).containsOnlyKeys("events", "ledger", "products");
        assertThat(fields(byName.get("events"))).containsExactly(
                Map.entry("id", "bigint"),
                Map.entry("items", "array<struct<qty:bigint,sku:string>>"),
                Map.entry("tags", "array<string>"),
                Map.entry("user", "struct<address:struct<city:string>,name:string>"),
                Map.entry("day", "date"));
        assertThat(byName.get("events").path("namespace").asText()).isEqualTo("file");
        assertThat(byName.get("events").path("partitionKeys").toString()).isEqualTo("[\"day\"]");
        assertThat(fields(byName.get("products"))).containsExactly(
                Map.entry("id", "bigint"),
                Map.entry("attributes", "map<string,string>"),
                Map.entry("price", "double"),
                Map.entry("region", "string"));
        assertThat(byName.get("ledger").path("delimiter").asText()).isEqualTo("|");
        assertThat(fields(byName.get("ledger"))).containsExactly(
                Map.entry("entry", "int"), Map.entry("amount", "double"), Map.entry("booked", "date"));
        assertThat(report.path("problems")).isEmpty();
    }

    private static java.util.List<Map.Entry<String, String>> fields(JsonNode dataset) {
        java.util.List<Map.Entry<String, String>> fields = new java.util.ArrayList<>();
        dataset.path("fields").forEach(f -> fields.add(Map.entry(f.path("name").asText(), f.path("type").asText())));
        return fields;
    }
}

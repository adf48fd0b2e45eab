package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.masking.MaskingKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** `steward mask` on the labeled PII corpus: what it masks, that nothing leaks, and how it refuses. */
class MaskCommandTest {

    private static final Path CORPUS = Path.of(System.getProperty("steward.test-data", "../src-test-data"))
            .resolve("corpus/pii-corpus.csv");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    private static Path keyFile;
    private static Path masked;
    private static JsonNode sidecar;

    @TempDir
    Path directory;

    private static String[] run(String... args) {
        return Commands.run(args);
    }

    @BeforeAll
    static void maskTheCorpusAutomatically() throws IOException {
        keyFile = shared.resolve("masking.key");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString("a test key of 32 bytes, not real".getBytes()));
        masked = shared.resolve("masked");
        String[] result = run("mask", "--data", CORPUS.toString(), "--out", masked.toString(), "--auto",
                "--key-file", keyFile.toString(), "--json");
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        sidecar = JSON.readTree(result[1]);
    }

    private static Set<String> maskedColumns() {
        Set<String> names = new HashSet<>();
        sidecar.get("columns").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }

    @Test
    void autoMasksEveryPiiColumnAndLeavesTheDecoys() {
        assertThat(maskedColumns()).contains("full_name", "email", "phone", "card_number", "iban", "ssn", "client_ip",
                "date_of_birth", "street_address", "btc_wallet", "notes").hasSize(32);
        List<String> unmasked = new ArrayList<>();
        sidecar.get("unmasked").forEach(c -> unmasked.add(c.asText()));
        assertThat(unmasked).contains("order_id", "app_version", "created_at", "city", "company", "product_name");
        assertThat(sidecar.get("rows").asLong()).isEqualTo(400);
    }

    @Test
    void theSidecarRecordsTheKeyIdAndHowEachColumnWasMasked() throws IOException {
        assertThat(sidecar.get("keyId").asText()).isEqualTo(MaskingKey.fromFile(keyFile).id());
        assertThat(Files.readString(masked.resolve(MaskJob.SIDECAR)).strip()).isEqualTo(sidecar.toString());
        JsonNode notes = null;
        for (JsonNode column : sidecar.get("columns")) {
            if (column.get("name").asText().equals("notes")) {
                notes = column;
            }
        }
        assertThat(notes).isNotNull();
        assertThat(notes.get("mode").asText()).isEqualTo("SPANS");
        assertThat(sidecar.toString()).doesNotContain(Files.readString(keyFile).strip());
    }

    @Test
    void aScanOfTheMaskedCopyFindsNoPersonalDataInTheMaskedColumns() throws IOException {
        String[] result = run("pii", "scan", "--data", masked.toString(), "--format", "csv", "--json");
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        Set<String> maskedColumns = maskedColumns();
        for (JsonNode column : JSON.readTree(result[1]).get("columns")) {
            if (maskedColumns.contains(column.get("name").asText())) {
                assertThat(column.get("entities")).as(column.toString()).isEmpty();
            }
        }
    }

    @Test
    void freeTextKeepsItsWordsAndLosesItsSpans() throws IOException {
        String text;
        try (Stream<Path> files = Files.list(masked)) {
            Path part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            text = Files.readString(part);
        }
        assertThat(text).contains("Customer <PERSON> asked to be called on <PHONE_NUMBER>.")
                .contains("Please send the invoice to <EMAIL_ADDRESS> by Friday.");
    }

    @Test
    void aValueATransformCannotMaskFailsTheRunAndLeavesNoOutput() throws IOException {
        Path policy = directory.resolve("policy.json");
        Files.writeString(policy, "{\"columns\": {\"quantity\": \"TOKENIZE\"}}");
        Path out = directory.resolve("out");
        String[] result = run("mask", "--data", CORPUS.toString(), "--out", out.toString(), "--policy",
                policy.toString(), "--key-file", keyFile.toString());
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).contains("steward mask: " + out + ": nothing written: column quantity, TOKENIZE: "
                + "TOKENIZE needs at least 6 digits");
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("policy.json");
        }
    }

    @Test
    void badPoliciesAreRefusedNamingTheFileAndField() throws IOException {
        Path policy = directory.resolve("policy.json");
        Files.writeString(policy, "{\"columns\": {\"email\": \"HASH\"}, \"typo\": 1}");
        String[] result = run("mask", "--data", CORPUS.toString(), "--out", directory.resolve("o").toString(),
                "--policy", policy.toString(), "--key-file", keyFile.toString());
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).contains(policy + ": unknown field \"typo\" (use columns, types, auto)");

        Files.writeString(policy, "{\"types\": {\"EMAIL\": \"HASH\"}}");
        result = run("mask", "--data", CORPUS.toString(), "--out", directory.resolve("o").toString(),
                "--policy", policy.toString());
        assertThat(result[2]).contains(policy + ": types.EMAIL: unknown entity type");

        Files.writeString(policy, "{\"columns\": {\"email\": \"HASH\"}}");
        result = run("mask", "--data", CORPUS.toString(), "--out", directory.resolve("o").toString(),
                "--policy", policy.toString());
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).contains("column 'email' (policy column): transform 'HASH' needs a masking key");
    }

    @Test
    void masksJsonLinesIntoParquetByPolicy() throws IOException {
        Path data = directory.resolve("people.jsonl");
        Files.writeString(data, """
                {"id": 1, "email": "jane.doe@example.com", "born": "1984-02-29", "note": "call +44 20 7946 0958"}
                {"id": 2, "email": null, "born": "1990-07-01", "note": "no answer"}
                """);
        Path policy = directory.resolve("policy.json");
        Files.writeString(policy, """
                {"columns": {"email": "PARTIAL:EMAIL_DOMAIN", "born": "GENERALIZE:DATE_TO_YEAR", "note": "SPANS"}}""");
        Path out = directory.resolve("masked");
        String[] result = run("mask", "--data", data.toString(), "--out", out.toString(), "--out-format", "parquet",
                "--policy", policy.toString(), "--json");
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        JsonNode written = JSON.readTree(result[1]);
        assertThat(written.get("format").asText()).isEqualTo("parquet");
        assertThat(written.get("keyId").isNull()).isTrue();
        assertThat(written.get("unmasked").toString()).isEqualTo("[\"id\"]");

        String[] check = run("pii", "scan", "--data", out.toString(), "--format", "parquet", "--findings",
                directory.resolve("findings.jsonl").toString());
        assertThat(check[0]).as(check[2]).isEqualTo("0");
        assertThat(Files.readString(directory.resolve("findings.jsonl"))).isEmpty();
        org.apache.spark.sql.SparkSession spark = io.steward.rules.SparkSessions.create("test", "local[1]");
        List<String> rows = spark.read().parquet(out.toString()).orderBy("id").toJSON().collectAsList();
        assertThat(rows).containsExactly(
                "{\"born\":\"1984\",\"email\":\"***@example.com\",\"id\":1,\"note\":\"call <PHONE_NUMBER>\"}",
                "{\"born\":\"1990\",\"id\":2,\"note\":\"no answer\"}");
    }

    @Test
    void existingOutputIsNeverOverwritten() {
        String[] result = run("mask", "--data", CORPUS.toString(), "--out", masked.toString(), "--auto",
                "--key-file", keyFile.toString());
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).contains(masked + ": already exists; Steward never overwrites output");
    }

    @Test
    void policyAndAutoAreExclusive() {
        String[] result = run("mask", "--data", CORPUS.toString(), "--out", directory.resolve("o").toString());
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).contains("Missing required argument");
    }
}

package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `steward pii scan` on src-test-data/data/customers-pii.csv (six customers, one without details). */
class PiiScanCommandTest {

    private static final Path CUSTOMERS = Path.of(System.getProperty("steward.test-data", "../src-test-data"))
            .resolve("data/customers-pii.csv");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private static String[] run(String... args) {
        return Commands.run(args);
    }

    /** Column name to its tagged types. */
    private static Map<String, List<String>> types(JsonNode json) {
        Map<String, List<String>> types = new HashMap<>();
        for (JsonNode column : json.get("columns")) {
            types.put(column.get("name").asText(), column.get("entities").findValuesAsText("type"));
        }
        return types;
    }

    @Test
    void tagsEachColumnWithTheTypesItHolds() throws IOException {
        String[] result = run("pii", "scan", "--data", CUSTOMERS.toString(), "--json");
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        JsonNode json = JSON.readTree(result[1]);
        Map<String, List<String>> types = types(json);
        assertThat(types.get("email")).containsExactly("EMAIL_ADDRESS");
        assertThat(types.get("phone")).containsExactly("PHONE_NUMBER");
        assertThat(types.get("card_number")).containsExactly("CREDIT_CARD");
        assertThat(types.get("iban")).containsExactly("IBAN_CODE");
        assertThat(types.get("last_login_ip")).containsExactly("IP_ADDRESS");
        assertThat(types.get("app_version")).as("version strings shaped like IP addresses").isEmpty();
        assertThat(types.get("customer_id")).isEmpty();
        assertThat(types.get("note")).containsExactlyInAnyOrder("EMAIL_ADDRESS", "PHONE_NUMBER");
        JsonNode email = json.get("columns").get(1).get("entities").get(0);
        assertThat(email.get("fraction").asDouble()).isEqualTo(1.0);
        assertThat(email.get("score").asDouble()).isEqualTo(1.0);
    }

    @Test
    void writesEverySpanAsAJsonLine() throws IOException {
        Path findings = directory.resolve("findings.jsonl");
        String[] result = run("pii", "scan", "--data", CUSTOMERS.toString(), "--findings", findings.toString());
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        assertThat(result[1]).contains("COLUMN", "email", "EMAIL_ADDRESS");
        List<String> lines = Files.readAllLines(findings);
        JsonNode noteEmail = lines.stream().map(PiiScanCommandTest::parse)
                .filter(l -> l.get("column").asText().equals("note") && l.get("type").asText().equals("EMAIL_ADDRESS"))
                .findFirst().orElseThrow();
        assertThat(noteEmail.get("row").asInt()).isEqualTo(3);
        assertThat(noteEmail.get("start").asInt()).isEqualTo("send invoice to ".length());
        assertThat(noteEmail.get("end").asInt()).isEqualTo("send invoice to li.wei@example.cn".length());
        assertThat(lines).allSatisfy(line -> assertThat(parse(line).fieldNames()).toIterable()
                .containsExactly("row", "column", "type", "start", "end", "score"));
        try (var left = Files.list(directory)) {
            assertThat(left).containsExactly(findings);
        }
    }

    @Test
    void rejectsASampleFractionThatIsNotAShare() {
        String[] result = run("pii", "scan", "--data", CUSTOMERS.toString(), "--sample-fraction", "2");
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).contains("--sample-fraction is a share of rows in (0, 1]");
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

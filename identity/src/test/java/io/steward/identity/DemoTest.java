package io.steward.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.testdata.DemoDataGenerator;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `./steward demo --headless` as a user runs it: the launcher, a real Keycloak, the service from
 * its jar on the machine's PostgreSQL, Spark. Its job steps' results (summary.json) are checked
 * against the landing zone the generator makes, regenerated here from the same seed: the
 * quarantines hold exactly the bad records, the email tag propagates to the mart and stops at
 * the masked copy, the erase removed exactly the subject's rows everywhere and is certified, the
 * purge deleted exactly the expired events. Afterwards no process it started is left. Then
 * `--keep` serves that state again: the pages the demo points to open in a real browser, and
 * stopping it stops everything.
 */
class DemoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = IdentityStack.LOGS.resolve("demo").toAbsolutePath();

    @Test
    void theWholeStoryRunsHeadlessHoldsTheExpectedResultsAndStopsEverything() throws Exception {
        String output = demo(IdentityStack.LOGS.resolve("demo.log"));
        assertThat(output).contains("[1/5] Starting the stack", "[2/5] Catalog, ingest and quality checks",
                "[3/5] PII, masking and lineage", "[4/5] Erase request and retention", "[5/5] Where to look",
                "missing-comma.dqdl: HTTP 400", "#/lineage?node=dataset%3Afile%3A", "#/review", "#/erase/1",
                "Stopped Keycloak, the service and its database");
        assertThat(running()).as("processes the demo left").isEmpty();

        JsonNode summary = JSON.readTree(DIR.resolve("summary.json").toFile());
        assertThat(summary.path("problems").asInt()).isZero();
        Path regenerated = Files.createTempDirectory("steward-demo-truth");
        DemoDataGenerator.Landing truth = DemoDataGenerator.write(regenerated, LocalDate.now(ZoneOffset.UTC));

        // Each dataset's quarantine holds exactly its bad records; the duplicated id fails its rule.
        Map<String, JsonNode> checks = new TreeMap<>();
        summary.path("checks").forEach(c -> checks.put(c.path("dataset").asText(), c));
        assertThat(checks).containsOnlyKeys("customers", "orders", "events");
        assertThat(strings(checks.get("customers").path("quarantined")))
                .containsExactlyElementsOf(truth.badCustomers().keySet());
        assertThat(strings(checks.get("orders").path("quarantined"))).containsExactlyElementsOf(truth.badOrders().keySet());
        assertThat(strings(checks.get("events").path("quarantined"))).containsExactlyElementsOf(truth.badEvents().keySet());
        assertThat(strings(checks.get("customers").path("failedRules")))
                .anySatisfy(rule -> assertThat(rule).startsWith("IsUnique \"customer_id\""));
        assertThat(checks.values()).allSatisfy(c -> assertThat(c.path("state").asText()).isEqualTo("failed"));

        // PII found where the generator put it; the email tag follows lineage and stops at masking.
        List<String> tags = new ArrayList<>();
        summary.path("tags").forEach(t -> tags.add(t.path("dataset").asText() + "." + t.path("column").asText() + " "
                + t.path("type").asText()));
        assertThat(tags).contains("customers.email EMAIL_ADDRESS", "customers.phone PHONE_NUMBER",
                "customers.iban IBAN_CODE", "events.ip_address IP_ADDRESS", "events.message EMAIL_ADDRESS");
        assertThat(summary.at("/review/confirmed").asInt() + summary.at("/review/belowThreshold").asInt())
                .isEqualTo(tags.size());
        assertThat(summary.at("/review/queue").asInt()).as("the lower-scored and the propagated tags")
                .isGreaterThan(summary.at("/review/belowThreshold").asInt());
        List<String> email = new ArrayList<>();
        summary.path("emailTag").forEach(t -> email.add(t.path("dataset").asText() + " " + t.path("source").asText()
                + (t.path("masked").asBoolean() ? " masked" : "")));
        assertThat(email).containsExactly("customers detected", "customerOrders propagated",
                "analyticsCustomers propagated masked");

        // The subject's rows, and only them, are gone from every copy; her orders are kept, redacted.
        long customers = lines(regenerated.resolve("customers.csv")).stream()
                .filter(l -> l.startsWith(DemoDataGenerator.SUBJECT_ID + ",")).count();
        long orders = 0;
        for (String line : lines(regenerated.resolve("orders.jsonl"))) {
            orders += JSON.readTree(line).path("customer_id").asText().equals(DemoDataGenerator.SUBJECT_ID) ? 1 : 0;
        }
        List<JsonNode> events = events(truth.events());
        long subjectEvents = events.stream().filter(DemoTest::subjects).count();
        assertThat(orders).isEqualTo(DemoDataGenerator.SUBJECT_ORDERS);
        assertThat(summary.at("/erase/state").asText()).isEqualTo("verified");
        assertThat(summary.at("/erase/keptOrders").asLong()).isEqualTo(orders);
        assertThat(summary.at("/erase/keptOrdersEmptied").asLong()).as("kept without her id, name and address")
                .isEqualTo(orders);
        assertThat(summary.at("/erase/certificateValid").asBoolean()).isTrue();
        Map<String, Long> erased = new TreeMap<>();
        summary.at("/erase/erased").fields().forEachRemaining(e -> erased.put(e.getKey(), e.getValue().asLong()));
        assertThat(erased).isEqualTo(new TreeMap<>(Map.of("raw/customers.csv", customers, "curated/customers", customers,
                "analytics/customers", customers, "raw/orders.jsonl", orders, "curated/orders", orders,
                "marts/customer_orders", orders, "raw/events", subjectEvents, "curated/events", subjectEvents)));
        assertThat(Files.readString(Path.of(summary.at("/erase/certificateFile").asText())))
                .doesNotContain(DemoDataGenerator.SUBJECT_EMAIL);

        // The purge deleted the other events older than its cutoff, and kept the rest.
        Instant cutoff = Instant.parse(summary.at("/retention/cutoff").asText());
        long expired = events.stream().filter(e -> !subjects(e))
                .filter(e -> Instant.parse(e.path("occurred_at").asText()).isBefore(cutoff)).count();
        assertThat(summary.at("/retention/before").asLong()).isEqualTo(events.size() - subjectEvents);
        assertThat(summary.at("/retention/deleted").asLong()).isEqualTo(expired).isPositive();

        // --keep serves the same state again without running the jobs: the UI's pointers open, as officer,
        // on what the story made; stopping the demo stops everything.
        Path keptLog = IdentityStack.LOGS.resolve("demo-keep.log");
        Process served = launch(keptLog, "--keep");
        try {
            String kept = awaitServing(served, keptLog);
            assertThat(kept).contains("the last run's state").doesNotContain("[2/5] Catalog");
            String ui = find(kept, "Web UI: (http://127\\.0\\.0\\.1:\\d+)/");
            String password = find(kept, "password (demo-[0-9a-f]+)\\)");
            WebDriver officer = Browsers.chromium(Files.createTempDirectory("steward-demo-downloads"));
            try {
                Browsers.signIn(officer, ui, "officer", password, "#/erase/1");
                assertThat(Browsers.text(officer, "main")).contains("completed").contains("otto");
                Browsers.open(officer, ui, "#/review");
                assertThat(officer.findElements(By.cssSelector("tr[data-tag]")))
                        .hasSize(summary.at("/review/queue").asInt());
                Browsers.open(officer, ui, find(kept, "email column: http://\\S+/(#/lineage\\S+)"));
                assertThat(Browsers.nodes(officer, "[masked = 1]")).as("the analytics copy's hashed email").isPositive();
                assertThat(Browsers.nodes(officer, "[pii = 1]")).as("the email in clear").isPositive();
            } finally {
                officer.quit();
            }
            // SIGTERM runs the JVM's shutdown hooks, as Ctrl-C's SIGINT does in a terminal (a test run in
            // the background inherits SIGINT ignored, so it cannot send that one).
            served.destroy();
            assertThat(served.waitFor(2, TimeUnit.MINUTES)).as("the demo stops when told to").isTrue();
            assertThat(Files.readString(keptLog)).contains("Stopped Keycloak, the service and its database");
            assertThat(running()).as("processes the served demo left").isEmpty();
        } finally {
            served.descendants().forEach(ProcessHandle::destroyForcibly);
            served.destroyForcibly();
        }
    }

    /** The demo through the launcher (which execs its JVM: the process is the demo), on free ports. */
    private static Process launch(Path log, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("demo", "--dir", DIR.toString(), "--port", "0",
                "--keycloak-port", "0"));
        args.addAll(List.of(more));
        Files.createDirectories(log.getParent());
        return IdentityStack.launcher(Map.of(), args.toArray(String[]::new)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** Waits until the demo says it serves; its output so far. */
    private static String awaitServing(Process demo, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log);
            if (output.contains("Serving until Ctrl-C")) {
                return output;
            }
            assertThat(demo.isAlive()).as("the demo is still running:\n" + output).isTrue();
            Thread.sleep(500);
        }
        throw new AssertionError("the demo did not serve within 5 minutes:\n" + Files.readString(log));
    }

    private static String find(String text, String regex) {
        Matcher found = Pattern.compile(regex).matcher(text);
        assertThat(found.find()).as(regex + " in:\n" + text).isTrue();
        return found.group(1);
    }

    /** Runs the demo headless; its output, once it exited 0. */
    private static String demo(Path log) throws Exception {
        Process demo = launch(log, "--headless");
        boolean exited = demo.waitFor(10, TimeUnit.MINUTES);
        if (!exited) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(exited).as("the demo finished within 10 minutes:\n" + output).isTrue();
        assertThat(demo.exitValue()).as(output).isZero();
        return output;
    }

    /** Processes whose command line names the demo's folder (Keycloak, the service, an embedded database). */
    private static List<String> running() {
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains(DIR + "/")).toList();
    }

    private static boolean subjects(JsonNode event) {
        return event.path("customer_id").asText().equals(DemoDataGenerator.SUBJECT_ID)
                || event.path("message").asText().contains(DemoDataGenerator.SUBJECT_EMAIL);
    }

    private static List<JsonNode> events(Path folder) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JSON.readTree(file.toFile()).forEach(events::add);
            }
        }
        return events;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}

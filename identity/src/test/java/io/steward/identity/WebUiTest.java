package io.steward.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.steward.identity.Browsers.nodes;
import static io.steward.identity.Browsers.rendered;
import static io.steward.identity.Browsers.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compliance officers' web UI in a real headless Chromium (Debian's chromium and chromedriver)
 * against the real service (on a database of its own) and a real Keycloak login: every page
 * renders the data the test put in through the API; a tag approval and an erase approval (by a
 * second officer, the requester sees no button) go through and land in the service and its audit
 * log; an analyst sees neither the buttons nor the pages, and the API refuses the analyst too.
 * Screenshots of each page go to target/screenshots/ for a reviewer.
 */
class WebUiTest {

    private static final String DATABASE = "steward_webui_e2e";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Browsers.WAIT;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static IdentityStack stack;
    private static IdentityStack.Service service;

    @BeforeAll
    static void start() throws Exception {
        stack = IdentityStack.get();
        try (Connection postgres = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement sql = postgres.createStatement()) {
            sql.execute("drop database if exists " + DATABASE + " with (force)");
            sql.execute("create database " + DATABASE);
        }
        service = stack.service("webui-service", DATABASE);
        stack.allowUiOrigin(service.url());
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anOfficersDayInTheBrowser() throws Exception {
        Catalog catalog = catalog();

        WebDriver officer = browser();
        try {
            signIn(officer, "officer", "#/catalog");
            assertThat(text(officer, "#user")).contains("officer").contains("compliance-officer");
            WebElement customers = officer.findElement(By.linkText(catalog.customersName()));
            assertThat(text(officer, "#datasets")).contains(catalog.customersName()).contains("confidential");
            screenshot(officer, "01-catalog");

            customers.click();
            rendered(officer);
            assertThat(text(officer, "#schema")).contains("email").contains("EMAIL_ADDRESS").contains("proposed");
            assertThat(text(officer, "main")).contains("+ phone string").contains("keep 365 days by signup")
                    .contains("orders-dq v1");
            screenshot(officer, "02-dataset");

            // PII review: approve the email tag; it leaves the queue and is confirmed, audited, in the service.
            open(officer, "#/review");
            WebElement row = officer.findElement(By.cssSelector("tr[data-tag='" + catalog.emailTag() + "']"));
            assertThat(row.getText()).contains("EMAIL_ADDRESS").contains("95%").contains("column name and values")
                    .contains("a••@e••••••.c••");
            screenshot(officer, "03-review");
            row.findElement(By.cssSelector("button.confirm")).click();
            new WebDriverWait(officer, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector(".status"), "1 tag confirmed"));
            assertThat(officer.findElements(By.cssSelector("tr[data-tag='" + catalog.emailTag() + "']"))).isEmpty();
            JsonNode columns = get("/api/v1/datasets/" + catalog.customers(), stack.token("officer")).path("columns");
            assertThat(columns.toString()).contains("\"reviewState\":\"confirmed\",\"reviewer\":\"officer\"");

            // Lineage, dataset level then column level: the masked edge into the analytics copy is drawn as such.
            open(officer, "#/lineage?node=" + URLEncoder.encode("dataset:file:" + catalog.customersName(),
                    StandardCharsets.UTF_8) + "&depth=2&level=dataset");
            assertThat(nodes(officer, "")).isGreaterThanOrEqualTo(3);
            assertThat(nodes(officer, "[pii = 1]")).as("the customers hold PII in clear").isEqualTo(1);
            assertThat(text(officer, "#runs")).contains("mask.customers");
            officer.findElement(By.xpath("//table[@id='runs']//button[text()='steward:mask.customers']")).click();
            new WebDriverWait(officer, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("job-history")));
            assertThat(text(officer, "#job-history")).contains("COMPLETE").contains(catalog.customersName())
                    .contains(catalog.analyticsName());
            screenshot(officer, "04-lineage");
            open(officer, "#/lineage?node=" + URLEncoder.encode("dataset:file:" + catalog.customersName(),
                    StandardCharsets.UTF_8) + "&depth=2&level=column");
            assertThat(nodes(officer, "[pii = 1]")).as("email and phone in clear").isEqualTo(2);
            assertThat(nodes(officer, "[masked = 1]")).as("the hashed email of the copy").isEqualTo(1);
            assertThat(((Number) ((JavascriptExecutor) officer).executeScript(
                    "return document.getElementById('graph').cy.edges('[masked = 1]').length")).intValue()).isEqualTo(1);
            screenshot(officer, "05-column-lineage");

            // Data quality: failing rules first, the metric's chart.
            open(officer, "#/quality/" + catalog.customers());
            assertThat(officer.findElements(By.cssSelector("#outcomes tbody tr")).get(0).getText()).contains("FAIL")
                    .contains("Completeness");
            assertThat(officer.findElements(By.cssSelector("canvas"))).isNotEmpty();
            assertThat(text(officer, "#score")).isEqualTo("50%");
            screenshot(officer, "06-quality");

            // An erase request filed and planned by this officer, who gets no approve button.
            open(officer, "#/erase");
            officer.findElement(By.name("value")).sendKeys("ann@example.com");
            officer.findElement(By.cssSelector("form.card button[type=submit]")).click();
            new WebDriverWait(officer, WAIT).until(ExpectedConditions.urlMatches("#/erase/\\d+$"));
            rendered(officer);
            officer.findElement(By.xpath("//button[text()='Plan']")).click();
            new WebDriverWait(officer, WAIT).until(ExpectedConditions.textToBe(By.id("state"), "planned"));
            assertThat(text(officer, "#plan")).contains(catalog.customersName()).contains("email");
            assertThat(officer.findElements(By.xpath("//button[text()='Approve']"))).isEmpty();
            assertThat(text(officer, "#actions")).contains("Another compliance officer must approve");
            screenshot(officer, "07-erase-planned");
        } finally {
            officer.quit();
        }
        long request = get("/api/v1/erase-requests", stack.token("officer")).path(0).path("id").asLong();

        Path downloads = Files.createTempDirectory("steward-downloads");
        WebDriver second = browser(downloads);
        try {
            signIn(second, "otto", "#/erase/" + request);
            second.findElement(By.xpath("//button[text()='Approve']")).click();
            new WebDriverWait(second, WAIT).until(ExpectedConditions.textToBe(By.id("state"), "approved"));
            assertThat(text(second, "#transitions")).contains("otto");
            screenshot(second, "08-erase-approved");
            JsonNode approved = get("/api/v1/erase-requests/" + request, stack.token("officer"));
            assertThat(approved.path("state").asText()).isEqualTo("approved");

            // The job runner executes it on Spark; the officer follows it, issues and downloads the certificate.
            Path jobHome = Files.createTempDirectory("steward-job");
            Map<String, String> asJob = Map.of("STEWARD_HOME_DIR", jobHome.toString(), "STEWARD_PASSWORD",
                    IdentityStack.DEMO_PASSWORD);
            assertThat(IdentityStack.run(asJob, "login", "--server", service.url(), "--user", "job")).startsWith("Logged in");
            assertThat(IdentityStack.run(asJob, "erase", "run", String.valueOf(request), "--server", service.url(),
                    "--master", "local[1]", "--key-file", catalog.key().toString()))
                    .startsWith("Erase request " + request + ": verified");
            open(second, "#/erase/" + request);
            assertThat(text(second, "#plan")).contains("1 (2 → 1 rows)");
            second.findElement(By.xpath("//button[text()='Issue certificate']")).click();
            new WebDriverWait(second, WAIT).until(ExpectedConditions.textToBe(By.id("state"), "completed"));
            second.findElement(By.xpath("//button[text()='Download certificate']")).click();
            Path certificate = downloads.resolve("erase-certificate-" + request + ".json");
            new WebDriverWait(second, WAIT).until(b -> Files.isRegularFile(certificate));
            JsonNode downloaded = JSON.readTree(certificate.toFile());
            assertThat(downloaded.path("body").asText()).contains("\"eraseRequest\":" + request)
                    .doesNotContain("ann@example.com");
            assertThat(downloaded.path("signature").asText()).isNotBlank();
            screenshot(second, "08b-erase-certified");

            open(second, "#/audit?action=erase.");
            assertThat(text(second, "#chain")).startsWith("Hash chain intact");
            assertThat(text(second, "#audit")).contains("erase.approve").contains("otto").contains("erase.plan")
                    .doesNotContain("tag.review");
            screenshot(second, "09-audit");
        } finally {
            second.quit();
        }

        // An analyst: no review, erase or audit page, no decision buttons; the API refuses as well.
        WebDriver analyst = browser();
        try {
            signIn(analyst, "analyst", "#/datasets/" + catalog.customers());
            assertThat(text(analyst, "header nav")).contains("Catalog").doesNotContain("PII review")
                    .doesNotContain("Erase requests").doesNotContain("Audit log");
            assertThat(analyst.findElements(By.cssSelector("button.confirm"))).isEmpty();
            screenshot(analyst, "10-analyst-dataset");
            open(analyst, "#/review");
            assertThat(text(analyst, "main")).contains("Not for your role");
            assertThat(analyst.findElements(By.cssSelector("#review"))).isEmpty();
            screenshot(analyst, "11-analyst-review-refused");
        } finally {
            analyst.quit();
        }
        String analystToken = stack.token("analyst");
        assertThat(status("GET", "/api/v1/tags", analystToken, null)).isEqualTo(403);
        assertThat(status("POST", "/api/v1/tags/" + catalog.phoneTag() + "/review", analystToken,
                "{\"state\": \"confirmed\"}")).isEqualTo(403);
        assertThat(status("GET", "/api/v1/erase-requests", analystToken, null)).isEqualTo(403);
        assertThat(status("POST", "/api/v1/erase-requests/" + request + "/approve", analystToken, null)).isEqualTo(403);
        assertThat(status("GET", "/api/v1/audit", analystToken, null)).isEqualTo(403);
        assertThat(status("GET", "/api/v1/tags", null, null)).isEqualTo(401);
    }

    /** What the pages show: a dataset with two schema versions, proposed tags, a policy, a ruleset, DQ runs and lineage. */
    private record Catalog(long customers, String customersName, String analyticsName, long emailTag, long phoneTag,
                           Path key) {
    }

    private static Catalog catalog() throws Exception {
        Path lake = Files.createTempDirectory("steward-webui");
        Path file = lake.resolve("customers.csv");
        Files.writeString(file, "customer_id,email,phone,country,signup\n1,ann@example.com,+49 30 1234567,DE,2026-01-05\n"
                + "2,bob@example.com,+33 1 23456789,FR,2025-03-17\n");
        Path analytics = lake.resolve("analytics_customers");
        // The masked copy's files: keyed hashes of other customers' emails, so the erase has a copy to search.
        Files.createDirectories(analytics);
        Files.writeString(analytics.resolve("part-00000.csv"), "email,country\n"
                + "3f1c0e4b9a7d2c5e8f6a1b0d9c8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e,FR\n");
        Path key = lake.resolve("masking.key");
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        Files.writeString(key, java.util.Base64.getEncoder().encodeToString(secret) + "\n");
        String steward = stack.token("steward");
        long id = JSON.readTree(send("POST", "/api/v1/datasets", steward, JSON.writeValueAsString(Map.of(
                "namespace", "file", "name", file.toString(), "location", file.toString(), "format", "csv",
                "owner", "crm-team", "classification", "confidential", "description", "Customers from the CRM"))))
                .path("id").asLong();
        schema(steward, id, List.of("customer_id", "email"));
        schema(steward, id, List.of("customer_id", "email", "phone", "country", "signup"));
        JsonNode tagged = JSON.readTree(send("POST", "/api/v1/datasets/" + id + "/tags", steward, JSON.writeValueAsString(List.of(
                Map.of("column", "email", "entityType", "EMAIL_ADDRESS", "confidence", 0.95, "source", "detected",
                        "explanation", "column name and values match an email address",
                        "evidence", List.of("a••@e••••••.c••", "b••@e••••••.c••")),
                Map.of("column", "phone", "entityType", "PHONE_NUMBER", "confidence", 0.8, "source", "detected",
                        "explanation", "values parse as phone numbers")))));
        long emailTag = tagId(tagged, "email");
        long phoneTag = tagId(tagged, "phone");
        send("PUT", "/api/v1/datasets/" + id + "/retention", steward,
                "{\"keepDays\": 365, \"timeColumn\": \"signup\", \"action\": \"delete\"}");
        send("PUT", "/api/v1/rulesets/orders-dq", steward, "Rules = [ Completeness \"email\" > 0.9, RowCount > 0 ]",
                "text/plain");
        send("POST", "/api/v1/rulesets/orders-dq/attachments", steward, "{\"datasetId\": " + id + "}");
        String job = stack.token("job");
        for (double completeness : new double[] {0.98, 0.95, 0.7}) {
            boolean passed = completeness > 0.9;
            send("POST", "/api/v1/datasets/" + id + "/dq-runs", job, JSON.writeValueAsString(Map.of(
                    "ruleset", "orders-dq", "rulesetVersion", 1, "jobNamespace", "steward", "jobName", "check",
                    "score", passed ? 1.0 : 0.5, "rowsTotal", 1000, "rowsPassed", passed ? 1000 : 700,
                    "rowsFailed", passed ? 0 : 300, "rules", List.of(
                            Map.of("rule", "RowCount > 0", "outcome", "PASS", "message", "RowCount is 1000",
                                    "metrics", Map.of("Dataset.*.RowCount", 1000.0)),
                            Map.of("rule", "Completeness \"email\" > 0.9", "outcome", passed ? "PASS" : "FAIL",
                                    "message", "Completeness of email is " + completeness + ", required > 0.9",
                                    "metrics", Map.of("Column.email.Completeness", completeness))))));
        }
        // The masked analytics copy, as `steward mask --server` reports it: email hashed, country copied.
        Map<String, Object> masked = Map.of("namespace", "file", "name", file.toString(), "field", "email",
                "transformations", List.of(Map.of("type", "DIRECT", "subtype", "TRANSFORMATION", "description", "HASH",
                        "masking", true)));
        Map<String, Object> copied = Map.of("namespace", "file", "name", file.toString(), "field", "country",
                "transformations", List.of(Map.of("type", "DIRECT", "subtype", "IDENTITY", "masking", false)));
        send("POST", "/api/v1/lineage", job, JSON.writeValueAsString(Map.of("eventType", "COMPLETE",
                "eventTime", Instant.now().toString(), "producer", "https://example.com/test",
                "schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                "run", Map.of("runId", UUID.randomUUID().toString()),
                "job", Map.of("namespace", "steward", "name", "mask.customers"),
                "inputs", List.of(Map.of("namespace", "file", "name", file.toString())),
                "outputs", List.of(Map.of("namespace", "file", "name", analytics.toString(), "facets", Map.of(
                        "columnLineage", Map.of("_producer", "https://example.com/test",
                                "_schemaURL", "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
                                "fields", Map.of("email", Map.of("inputFields", List.of(masked)),
                                        "country", Map.of("inputFields", List.of(copied))))))))));
        return new Catalog(id, file.toString(), analytics.toString(), emailTag, phoneTag, key);
    }

    private static void schema(String token, long dataset, List<String> columns) throws Exception {
        send("PUT", "/api/v1/datasets/" + dataset + "/schema", token, JSON.writeValueAsString(Map.of("fields",
                columns.stream().map(c -> Map.of("name", c, "type", "string")).toList())));
    }

    private static long tagId(JsonNode dataset, String column) {
        for (JsonNode c : dataset.path("columns")) {
            if (c.path("name").asText().equals(column)) {
                return c.path("tags").path(0).path("id").asLong();
            }
        }
        throw new AssertionError("no tag on " + column + " in " + dataset);
    }

    private static WebDriver browser() throws Exception {
        return browser(Files.createTempDirectory("steward-downloads"));
    }

    private static WebDriver browser(Path downloads) throws Exception {
        return Browsers.chromium(downloads);
    }

    private static void signIn(WebDriver browser, String user, String page) {
        Browsers.signIn(browser, service.url(), user, IdentityStack.DEMO_PASSWORD, page);
    }

    private static void open(WebDriver browser, String page) {
        Browsers.open(browser, service.url(), page);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode get(String path, String token) throws Exception {
        return JSON.readTree(send("GET", path, token, ""));
    }

    private static String send(String method, String path, String token, String body) throws Exception {
        return send(method, path, token, body, "application/json");
    }

    private static String send(String method, String path, String token, String body, String type) throws Exception {
        HttpResponse<String> response = LocalProcesses.HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + path))
                .header("Content-Type", type).header("Authorization", "Bearer " + token)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 204);
        return response.body();
    }

    private static int status(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return LocalProcesses.HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

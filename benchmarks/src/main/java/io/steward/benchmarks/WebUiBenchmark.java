package io.steward.benchmarks;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The web UI's first render of each page, in Debian's headless chromium, with a catalog of
 * 10,000 datasets (500 of them with proposed PII tags) and a lineage graph of more than 1,000
 * nodes on screen. First render: from the navigation that loads the page (a full load: the bundle,
 * /config, the session restored from the tab, the API calls, drawing) to the first frame painted
 * after the page marks itself drawn (for the lineage graph, after the graph's layout). The issue
 * names no baseline to compare with, only the 1 s target. Writes its section of RESULTS.md.
 */
public final class WebUiBenchmark {

    private static final String DATABASE = "steward_bench_webui";
    private static final int DATASETS = 10_000;
    private static final int WARMUPS = 1;
    private static final int SAMPLES = 5;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private WebUiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LineageBenchmark.psql("postgres", "drop database if exists " + DATABASE + " with (force)");
        LineageBenchmark.psql("postgres", "create database " + DATABASE);
        try (RunningService service = RunningService.start(DATABASE)) {
            LineageBenchmark.psql(DATABASE, CATALOG_SQL);
            String root = lineage(service);
            long datasets = Long.parseLong(LineageBenchmark.psql(DATABASE, "select count(*) from dataset").trim());
            long tags = Long.parseLong(LineageBenchmark.psql(DATABASE,
                    "select count(*) from column_tag where review_state = 'proposed'").trim());
            long customers = Long.parseLong(LineageBenchmark.psql(DATABASE,
                    "select id from dataset where name = 'crm.customers_00042'").trim());
            dqRuns(service, customers);

            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("Catalog (first 200 of the catalog)", "#/catalog");
            pages.put("Catalog search", "#/catalog?q=customers_0004");
            pages.put("Dataset", "#/datasets/" + customers);
            pages.put("PII review queue (" + tags + " proposed tags, 500 shown)", "#/review");
            pages.put("Lineage graph", "#/lineage?node=" + URLEncoder.encode(root, StandardCharsets.UTF_8)
                    + "&depth=4&level=dataset");
            pages.put("Data quality (50 runs charted)", "#/quality/" + customers);
            pages.put("Erase requests", "#/erase");
            pages.put("Audit log (200 latest)", "#/audit");

            WebDriver browser = browser();
            try {
                signIn(browser, service);
                Map<String, double[]> times = new LinkedHashMap<>();
                Map<String, Long> nodes = new LinkedHashMap<>();
                for (int i = -WARMUPS; i < SAMPLES; i++) {
                    for (Map.Entry<String, String> page : pages.entrySet()) {
                        double ms = firstRender(browser, service.url() + "/" + page.getValue());
                        if (i >= 0) {
                            times.computeIfAbsent(page.getKey(), k -> new double[SAMPLES])[i] = ms;
                        }
                        if (page.getValue().startsWith("#/lineage")) {
                            nodes.put(page.getKey(), (Long) ((JavascriptExecutor) browser).executeScript(
                                    "return document.getElementById('graph').cy.nodes().length"));
                        }
                    }
                }
                report(times, nodes, datasets);
            } finally {
                browser.quit();
            }
        }
    }

    /** 10,000 datasets with schemas; the CRM's 500 with an email column tagged as proposed PII. */
    private static final String CATALOG_SQL = """
            insert into dataset (namespace, name, location, format, owner, description, classification)
            select 'warehouse', case when i <= 500 then 'crm.customers_' || lpad(i::text, 5, '0')
                                     else 'sales.orders_' || lpad(i::text, 5, '0') end,
                   '/lake/' || i, 'parquet', 'team-' || (i % 20), 'Generated dataset ' || i,
                   (array['public', 'internal', 'confidential', 'restricted'])[1 + i % 4]
            from generate_series(1, 10000) as i;
            insert into dataset_column (dataset_id, name, data_type, position)
            select d.id, c.name, 'string', c.position from dataset d
            cross join (values ('id', 0), ('email', 1), ('country', 2), ('amount', 3)) as c(name, position)
            where d.namespace = 'warehouse';
            insert into column_tag (column_id, entity_type, confidence, source, explanation)
            select c.id, 'EMAIL_ADDRESS', 0.9 + (c.id % 10) / 100.0, 'detected', 'values match an email address'
            from dataset_column c join dataset d on d.id = c.dataset_id
            where d.name like 'crm.customers_%' and c.name = 'email';
            """;

    /**
     * A lineage graph of 1,121 nodes within four hops of its root: the root read by 20 jobs writing
     * 5 datasets each, each of those read by 2 jobs writing 4 datasets each; sent as OpenLineage.
     */
    private static String lineage(RunningService service) throws Exception {
        String token = service.token("job");
        List<String> events = new ArrayList<>();
        for (int j = 0; j < 20; j++) {
            List<String> outputs = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                outputs.add("mart_" + j + "_" + k);
            }
            events.add(event("stage_" + j, List.of("raw_root"), outputs));
            for (String mart : outputs) {
                for (int m = 0; m < 2; m++) {
                    List<String> reports = new ArrayList<>();
                    for (int r = 0; r < 4; r++) {
                        reports.add("report_" + mart + "_" + m + "_" + r);
                    }
                    events.add(event("report_" + mart + "_" + m, List.of(mart), reports));
                }
            }
        }
        service.send("POST", "/api/v1/lineage", token, "[" + String.join(",", events) + "]").get();
        return "dataset:bench-ui:raw_root";
    }

    private static String event(String job, List<String> inputs, List<String> outputs) {
        return """
                {"eventType": "COMPLETE", "eventTime": "%s", "producer": "https://example.com/bench",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "%s"}, "job": {"namespace": "bench-ui", "name": "%s"},
                 "inputs": [%s], "outputs": [%s]}""".formatted(Instant.now(), UUID.randomUUID(), job,
                datasets(inputs), datasets(outputs));
    }

    private static String datasets(List<String> names) {
        return String.join(",", names.stream().map(n -> "{\"namespace\": \"bench-ui\", \"name\": \"" + n + "\"}").toList());
    }

    /** Fifty DQ runs of one dataset, two rules each, for its quality page and charts. */
    private static void dqRuns(RunningService service, long dataset) throws Exception {
        String token = service.token("job");
        for (int i = 0; i < 50; i++) {
            double completeness = 0.9 + (i % 10) / 100.0;
            service.send("POST", "/api/v1/datasets/" + dataset + "/dq-runs", token, """
                    {"jobNamespace": "steward", "jobName": "check", "score": %s,
                     "rowsTotal": 100000, "rowsPassed": 99000, "rowsFailed": 1000, "rules": [
                       {"rule": "RowCount > 0", "outcome": "PASS", "message": "RowCount is 100000",
                        "metrics": {"Dataset.*.RowCount": %d}},
                       {"rule": "Completeness \\"email\\" > 0.95", "outcome": "%s", "message": "Completeness of email is %s",
                        "metrics": {"Column.email.Completeness": %s}}]}""".formatted(
                    completeness > 0.95 ? "1.0" : "0.5", 100_000 + i, completeness > 0.95 ? "PASS" : "FAIL",
                    completeness, completeness)).get();
        }
    }

    private static WebDriver browser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1000",
                "--user-data-dir=" + Files.createTempDirectory("steward-chromium"));
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build(), options);
    }

    private static void signIn(WebDriver browser, RunningService service) {
        browser.get(service.url() + "/#/catalog");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys("officer");
        browser.findElement(By.id("password")).sendKeys(service.demoPassword());
        browser.findElement(By.id("kc-login")).click();
        new WebDriverWait(browser, WAIT).until(b -> !b.findElements(By.cssSelector("#page[data-rendered]")).isEmpty());
    }

    /**
     * Milliseconds from the navigation that loads the page to the first frame after it is drawn
     * (the UI marks it: performance mark steward:drawn).
     */
    private static double firstRender(WebDriver browser, String url) {
        browser.get("about:blank");
        browser.get(url);
        JavascriptExecutor page = (JavascriptExecutor) browser;
        new WebDriverWait(browser, WAIT).pollingEvery(Duration.ofMillis(20)).until(b -> Boolean.TRUE.equals(
                page.executeScript("return performance.getEntriesByName('steward:drawn').length > 0")));
        if ("error".equals(browser.findElement(By.id("page")).getAttribute("data-rendered"))) {
            throw new IllegalStateException(url + ": " + browser.findElement(By.tagName("main")).getText());
        }
        return ((Number) page.executeScript("return performance.getEntriesByName('steward:drawn')[0].startTime"))
                .doubleValue();
    }

    private static void report(Map<String, double[]> times, Map<String, Long> nodes, long datasets) throws IOException {
        StringBuilder report = new StringBuilder("## Web UI: first render of each page\n\n");
        report.append("Run ").append(LocalDate.now()).append(" with `benchmarks/run webui` on ")
                .append(DqdlParserBenchmark.Machine.describe()).append(", Debian's chromium (headless) driven by "
                        + "Selenium, Keycloak 26.7.3 and the service jar on the machine's PostgreSQL. Catalog of ")
                .append(String.format(Locale.ROOT, "%,d", datasets)).append(" datasets. First render: from the "
                        + "navigation that loads the page (bundle, /config, the session restored from the tab, API "
                        + "calls, drawing; the lineage graph laid out) to the first animation frame after it is drawn "
                        + "(the UI's performance mark `steward:drawn`). Min / median of ")
                .append(SAMPLES).append(" loads after ").append(WARMUPS).append(" warm-up. No baseline is named for "
                        + "this target.\n\n");
        report.append("| page | first render | on screen |\n|---|---:|---|\n");
        times.forEach((page, samples) -> {
            double[] sorted = samples.clone();
            Arrays.sort(sorted);
            report.append(String.format(Locale.ROOT, "| %s | %.0f / %.0f ms | %s |%n", page, sorted[0],
                    sorted[sorted.length / 2], nodes.containsKey(page) ? nodes.get(page) + " nodes" : ""));
        });
        report.append("\nTarget: each page's first render under 1 s with a catalog of 10,000 datasets and a lineage "
                + "graph of 1,000 nodes on screen.\n");
        System.out.println(report);
        Results.replaceSection(Path.of("benchmarks/RESULTS.md").toAbsolutePath(), "webui", report.toString());
    }
}

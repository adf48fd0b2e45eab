package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.rules.SparkSessions;
import io.steward.testdata.DemoDataGenerator;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "The whole story on this machine, on embedded defaults: starts Keycloak (with one demo user per role) "
                        + "and the policy service (on the machine's PostgreSQL at 127.0.0.1:5432, database "
                        + DemoStack.DATABASE + ", or an embedded one); generates a landing zone of customers (CSV), "
                        + "orders (JSON lines) and web events (JSON, by day) with personal data and bad records; "
                        + "crawls it into the catalog, attaches rulesets to the ingest jobs and lands the data as "
                        + "Parquet, whereupon the service runs the checks and quarantines the failed rows; scans for "
                        + "PII, tags columns, writes a masked analytics copy and a customer-orders mart, every job "
                        + "sending OpenLineage, so tags follow the lineage and stop at the masked copy; erases one "
                        + "customer on request (planned, approved by a second officer, executed, verified, "
                        + "certified) and runs a retention purge. Then it prints where to look in the web UI and "
                        + "serves until Ctrl-C, when it stops everything it started.",
                "Everything is kept under --dir (default target/demo of this checkout): each run starts clean, or "
                        + "with --keep serves the last run's state again without running the jobs.",
                "",
                "Exit codes: 0 the story ran (and, unless --headless, was served until Ctrl-C); 1 a step's result was "
                        + "not what the story expects; 2 usage error, or the stack could not start."})
final class DemoCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUMMARY = "summary.json";
    private static final Duration CHECKS_TIMEOUT = Duration.ofMinutes(5);
    /** A detected tag at least this sure is confirmed by the demo's data steward; the rest wait for review. */
    private static final double CONFIRM_AT = 0.9;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps everything (default: target/demo "
            + "of this checkout).")
    Path dir;

    @Option(names = "--keep", description = "Serve the last run's state again (catalog, lineage, data, users) "
            + "without running the jobs.")
    boolean keep;

    @Option(names = "--headless", description = "Run the story, then stop everything instead of serving (for tests "
            + "and CI).")
    boolean headless;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The service's port (default: ${DEFAULT-VALUE}; another free one when taken, 0 for any).")
    int port;

    @Option(names = "--keycloak-port", paramLabel = "N", defaultValue = "8180",
            description = "Keycloak's port (default: ${DEFAULT-VALUE}; another free one when taken, 0 for any).")
    int keycloakPort;

    /** An ingest job of the story: raw file or folder, its format, the time columns it types, its partitions. */
    private record Ingest(String name, String raw, DataFiles.Format format, List<String> timeColumns,
                          List<String> partitionBy) {
    }

    private static final List<Ingest> INGESTS = List.of(
            new Ingest("customers", "customers.csv", DataFiles.Format.CSV, List.of(), List.of()),
            new Ingest("orders", "orders.jsonl", DataFiles.Format.JSONL, List.of("created_at"), List.of()),
            new Ingest("events", "events", DataFiles.Format.JSON, List.of("occurred_at"), List.of("day")));

    private DemoReport report;
    private PrintWriter out;
    private Path home;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        home = Path.of(System.getProperty("steward.home", ".")).toAbsolutePath().normalize();
        dir = (dir != null ? dir : home.resolve("target/demo")).toAbsolutePath().normalize();
        if (keep && !Files.exists(dir.resolve(SUMMARY))) {
            throw new InputException(dir + " holds no finished demo to keep: run ./steward demo first");
        }
        DemoStack.stopLeftovers(dir);
        if (!keep) {
            AtomicOutput.deleteTree(dir);
        }
        report = new DemoReport(out, keep ? 2 : 5);
        out.println("Steward demo: the whole story on this machine, kept in " + dir
                + (keep ? " (the last run's state, served again)" : " (a clean start; --keep serves it again)"));
        long started = System.nanoTime();
        DemoStack stack = DemoStack.prepare(home, dir, keep);
        Thread stopper = new Thread(() -> {
            stack.close();
            out.println("Stopped Keycloak, the service and its database; nothing left running.");
            out.flush();
        }, "steward-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            int problems = 0;
            // The sample data and Spark are made ready while Keycloak and the service start.
            java.util.concurrent.CompletableFuture<Prepared> prepared = keep ? null
                    : java.util.concurrent.CompletableFuture.supplyAsync(this::prepare);
            startStack(stack);
            ObjectNode summary;
            if (keep) {
                summary = (ObjectNode) JSON.readTree(dir.resolve(SUMMARY).toFile());
            } else {
                // The jobs sign in as the demo's job runner, in the demo folder (never in the user's ~/.steward).
                System.setProperty("steward.credentials.home", dir.resolve("users/job").toString());
                Story story = new Story(stack, prepared);
                problems = story.run();
                summary = report.summary();
                summary.put("problems", problems);
                summary.put("jobSeconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
                report.save(dir.resolve(SUMMARY));
            }
            lookAround(stack, summary);
            if (problems > 0) {
                report.line("%nThe story ran with %d unexpected result(s); see above.", problems);
            }
            if (!headless) {
                report.line("%nServing until Ctrl-C (logs in %s).", dir.resolve("logs"));
                new CountDownLatch(1).await(); // the shutdown hook stops everything on Ctrl-C
            }
            return problems == 0 ? Steward.OK : Steward.FAILED;
        } finally {
            if (headless || Thread.currentThread().isInterrupted()) {
                Runtime.getRuntime().removeShutdownHook(stopper);
                stopper.run();
            }
        }
    }

    /** What the story needs before the stack is up: the landing zone and a warm Spark session. */
    private record Prepared(DemoDataGenerator.Landing landing, SparkSession spark) {
    }

    private Prepared prepare() {
        Path raw = dir.resolve("raw");
        DemoDataGenerator.Landing landing;
        try {
            landing = DemoDataGenerator.write(raw, LocalDate.now(ZoneOffset.UTC));
        } catch (IOException e) {
            throw new InputException(raw + ": " + e.getMessage(), e);
        }
        SparkSession spark = SparkSessions.create("steward demo", "local[*]");
        spark.range(1000).selectExpr("sum(id)").collect(); // Spark's first job pays for its start-up
        return new Prepared(landing, spark);
    }

    private void startStack(DemoStack stack) {
        report.section("Starting the stack");
        DemoStack.Database database = report.step("PostgreSQL", () -> stack.database(keep));
        report.detail("%s", database.description());
        Process keycloak = stack.startKeycloak(keycloakPort, keep);
        Process service = stack.startService(port);
        report.step("Keycloak (start-dev, realm steward, demo users)", () -> stack.bootstrapKeycloak(keycloak));
        report.detail("%s (administrator: admin, password in %s)", stack.keycloakUrl,
                dir.resolve("passwords.properties"));
        report.step("Policy service (migrations, OIDC through Keycloak)", () -> stack.awaitService(service));
        report.detail("%s (API under /api/v1, OpenAPI at /q/openapi)", stack.serviceUrl);
        report.detail("Users, each with the password %s:", stack.demoPassword);
        for (String[] user : new String[][] {{"admin", "steward-admin"}, {"steward", "data-steward"},
                {"officer", "compliance-officer"}, {"otto", "compliance-officer (approves what officer requests)"},
                {"analyst", "analyst"}, {"job", "job-runner (the demo's jobs run as job)"}}) {
            report.detail("  %-8s %s", user[0], user[1]);
        }
    }

    private void lookAround(DemoStack stack, JsonNode summary) {
        report.section("Where to look");
        String ui = stack.serviceUrl + "/";
        report.detail("Web UI: %s  (sign in as officer or steward, password %s)", ui, stack.demoPassword);
        report.detail("- lineage of the customers' email column: %s#/lineage?node=%s&level=column", ui,
                ServiceClient.encode("dataset:file:" + summary.path("datasets").path("customers").asText()));
        report.detail("- the PII review queue: %s#/review", ui);
        if (summary.path("erase").has("request")) {
            report.detail("- the erase certificate: %s#/erase/%d (signed copy in %s)", ui,
                    summary.path("erase").path("request").asLong(), summary.path("erase").path("certificateFile").asText());
        }
        report.detail("- data quality: %s#/quality", ui);
        report.detail("The data: %s (raw, curated, quarantine, analytics, marts)", dir);
    }

    /** Steps 2 to 4, in one Spark session, against the started stack. */
    private final class Story {

        private final DemoStack stack;
        private final String server;
        private final ObjectNode summary = report.summary();
        private final ObjectNode datasets = summary.putObject("datasets");
        private ServiceClient job;
        private ServiceClient steward;
        private ServiceClient officer;
        private ServiceClient otto;
        private SparkSession spark;
        private int problems;

        private final java.util.concurrent.CompletableFuture<Prepared> prepared;

        Story(DemoStack stack, java.util.concurrent.CompletableFuture<Prepared> prepared) {
            this.stack = stack;
            this.server = stack.serviceUrl;
            this.prepared = prepared;
        }

        int run() throws IOException {
            Path raw = dir.resolve("raw");
            Path curated = dir.resolve("curated");
            report.section("Catalog, ingest and quality checks");
            Prepared ready = report.step("Landing zone generated (src-test-data's DemoDataGenerator) and Spark",
                    () -> {
                        try {
                            return prepared.join();
                        } catch (java.util.concurrent.CompletionException e) {
                            throw e.getCause() instanceof RuntimeException cause ? cause : e;
                        }
                    });
            DemoDataGenerator.Landing landing = ready.landing();
            spark = ready.spark();
            report.detail("customers.csv (CSV), orders.jsonl (JSON lines, nested shipping), events/day=*/ (JSON, %d days)",
                    DemoDataGenerator.EVENT_DAYS);
            report.detail("bad on purpose: %d customers (and customer %s twice), %d orders, %d events",
                    landing.badCustomers().size(), String.join(", ", landing.duplicatedCustomerIds()),
                    landing.badOrders().size(), landing.badEvents().size());
            report.step("Signing in: job, steward, officer, otto", () -> {
                job = ServiceClient.signedIn(server, "job", stack.demoPassword);
                steward = ServiceClient.signedIn(server, "steward", stack.demoPassword);
                officer = ServiceClient.signedIn(server, "officer", stack.demoPassword);
                otto = ServiceClient.signedIn(server, "otto", stack.demoPassword);
                // the jobs' own sign-in, as `steward login` keeps it
                new ServiceClient(server).login("job", stack.demoPassword);
            });
            JsonNode crawled = report.step("steward crawl raw/ --server (register what landed)",
                    () -> json("crawl", raw.toString(), "--server", server, "--json"));
            crawled.path("datasets").forEach(d -> report.detail("%-10s %s (schema v%d)", d.path("action").asText(),
                    relative(d.path("name").asText()), d.path("version").asInt()));

            Map<String, String> rulesets = Map.of("customers", "ingest_customers", "orders", "ingest_orders",
                    "events", "ingest_events");
            report.step("Rulesets saved and attached to the ingest jobs (as steward)", () -> rulesets.forEach((name, jobName) -> {
                String text = read(home.resolve("src-test-data/demo/rulesets/" + name + ".dqdl"));
                steward.putText("/api/v1/rulesets/demo_" + name, text);
                steward.post("/api/v1/rulesets/demo_" + name + "/attachments", Map.of("jobNamespace",
                        JobLineage.NAMESPACE, "jobName", jobName));
            }));
            new TreeMap<>(rulesets).forEach((name, jobName) -> report.detail("demo_%s -> job %s:%s", name,
                    JobLineage.NAMESPACE, jobName));
            Path broken = home.resolve("src-test-data/rulesets/invalid/missing-comma.dqdl");
            String refusal = report.step("A broken ruleset is refused where it is broken", () -> {
                try {
                    steward.putText("/api/v1/rulesets/demo_broken", read(broken));
                    return null;
                } catch (InputException expected) {
                    return expected.getMessage();
                }
            });
            if (refusal == null) {
                report.detail("UNEXPECTED: the service saved %s", broken.getFileName());
                problems++;
            } else {
                report.detail("%s: %s", broken.getFileName(), refusal.replaceFirst("^.*HTTP", "HTTP"));
            }

            DemoJobs jobs = new DemoJobs(spark, server, spec.commandLine().getErr());
            Map<String, Long> ids = new LinkedHashMap<>();
            for (Ingest ingest : INGESTS) {
                Path target = curated.resolve(ingest.name());
                long rows = report.step("Job ingest_" + ingest.name() + ": raw/" + ingest.raw() + " -> curated/"
                        + ingest.name() + " (Parquet)", () -> jobs.ingest(job, "ingest_" + ingest.name(),
                        raw.resolve(ingest.raw()), ingest.format(), target, ingest.timeColumns(), ingest.partitionBy()));
                report.detail("%d rows; OpenLineage sent (the write's column lineage, then the job's COMPLETE)", rows);
                datasets.put(ingest.name(), target.toString());
                ids.put(ingest.name(), datasetId(target));
            }
            checks(ids, landing);

            report.section("PII, masking and lineage");
            scan(curated, ids);
            mask(curated);
            Path mart = dir.resolve("marts/customer_orders");
            long martRows = report.step("Job build_customer_orders: orders joined with customers -> marts/",
                    () -> jobs.customerOrders(curated.resolve("customers"), curated.resolve("orders"), mart));
            report.detail("%d rows with the customer's name and email, unmasked (for the sales team)", martRows);
            datasets.put("customerOrders", mart.toString());
            propagation();

            report.section("Erase request and retention");
            erase();
            retention(ids.get("events"));
            return problems;
        }

        /** Waits for the checks the ingest jobs' completions queued in the service, and shows them. */
        private void checks(Map<String, Long> ids, DemoDataGenerator.Landing landing) {
            Map<Long, JsonNode> finished = report.step("The service runs the attached rulesets (steward check "
                    + "--incremental children)", () -> awaitChecks(ids.values()));
            ArrayNode results = summary.putArray("checks");
            Map<String, String> keys = Map.of("customers", "customer_id", "orders", "order_id", "events", "event_id");
            Map<String, java.util.Set<String>> expected = Map.of("customers", landing.badCustomers().keySet(),
                    "orders", landing.badOrders().keySet(), "events", landing.badEvents().keySet());
            ids.forEach((name, id) -> {
                JsonNode check = finished.get(id);
                ObjectNode result = results.addObject().put("dataset", name).put("state", check.path("state").asText());
                if (check.hasNonNull("error")) {
                    report.detail("curated/%-10s ERROR %s", name, check.path("error").asText());
                    problems++;
                    return;
                }
                JsonNode run = steward.get("/api/v1/datasets/" + id + "/dq-runs?limit=1").path(0);
                List<String> failedRules = new ArrayList<>();
                run.path("rules").forEach(r -> {
                    if (!r.path("outcome").asText().equals("PASS")) {
                        failedRules.add(r.path("rule").asText() + ": " + r.path("message").asText());
                    }
                });
                List<String> quarantined = quarantined(check.path("quarantine").asText(null), keys.get(name));
                report.detail("curated/%-10s %-6s %d of %d rules passed; %d of %d rows failed, quarantined in %s",
                        name, check.path("state").asText().toUpperCase(java.util.Locale.ROOT),
                        run.path("rules").size() - failedRules.size(), run.path("rules").size(),
                        run.path("rowsFailed").asLong(), run.path("rowsTotal").asLong(),
                        relative(check.path("quarantine").asText("(none)")));
                failedRules.forEach(r -> report.detail("    FAIL %s", r));
                result.put("rowsTotal", run.path("rowsTotal").asLong()).put("rowsFailed", run.path("rowsFailed").asLong());
                quarantined.forEach(result.putArray("quarantined")::add);
                failedRules.forEach(result.putArray("failedRules")::add);
                // The quarantine holds exactly the bad records the generator made, no more, no fewer.
                if (!new java.util.TreeSet<>(quarantined).equals(new java.util.TreeSet<>(expected.get(name)))) {
                    report.detail("    UNEXPECTED: quarantined %s, but the bad records are %s", quarantined,
                            new java.util.TreeSet<>(expected.get(name)));
                    problems++;
                }
            });
        }

        private Map<Long, JsonNode> awaitChecks(java.util.Collection<Long> ids) {
            long deadline = System.nanoTime() + CHECKS_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Map<Long, JsonNode> done = new LinkedHashMap<>();
                for (long id : ids) {
                    for (JsonNode check : steward.get("/api/v1/quality-checks?datasetId=" + id)) {
                        if (List.of("passed", "failed", "error").contains(check.path("state").asText())) {
                            done.put(id, check);
                        }
                    }
                }
                if (done.size() == ids.size()) {
                    return done;
                }
                sleep(500);
            }
            throw new InputException("the service did not finish the quality checks within " + CHECKS_TIMEOUT.toMinutes()
                    + " minutes; see " + stack.log("service"));
        }

        /** The key column's values of the quarantined rows, sorted. */
        private List<String> quarantined(String folder, String key) {
            if (folder == null || !Files.isDirectory(Path.of(folder))) {
                return List.of();
            }
            return spark.read().parquet(folder).select(key).collectAsList().stream()
                    .map(r -> r.isNullAt(0) ? "(null)" : r.get(0).toString()).sorted().toList();
        }

        private void scan(Path curated, Map<String, Long> ids) {
            ArrayNode found = summary.putArray("tags");
            for (String name : ids.keySet()) {
                Path data = curated.resolve(name);
                JsonNode scanned = report.step("steward pii scan curated/" + name + " --server",
                        () -> json("pii", "scan", "--data", data.toString(), "--server", server,
                                "--dataset", "file:" + data, "--json"));
                List<String> columns = new ArrayList<>();
                scanned.path("columns").forEach(c -> {
                    List<String> types = new ArrayList<>();
                    c.path("entities").forEach(e -> types.add(e.path("type").asText()
                            + String.format(java.util.Locale.ROOT, " %.2f", e.path("score").asDouble())));
                    if (!types.isEmpty()) {
                        columns.add(c.path("name").asText() + " " + String.join(", ", types));
                        c.path("entities").forEach(e -> found.addObject().put("dataset", name)
                                .put("column", c.path("name").asText()).put("type", e.path("type").asText()));
                    }
                });
                report.detail("%s", columns.isEmpty() ? "no personal data found" : String.join("; ", columns));
            }
            int[] reviewed = new int[2];
            report.step("Review: steward confirms the detected tags scored >= " + CONFIRM_AT, () -> {
                for (JsonNode tag : steward.get("/api/v1/tags?state=proposed")) {
                    if (tag.path("confidence").asDouble() >= CONFIRM_AT) {
                        steward.post("/api/v1/tags/" + tag.path("tagId").asLong() + "/review", Map.of("state", "confirmed"));
                        reviewed[0]++;
                    } else {
                        reviewed[1]++;
                    }
                }
            });
            report.detail("%d confirmed; %d wait in the review queue for a person", reviewed[0], reviewed[1]);
            summary.putObject("review").put("confirmed", reviewed[0]).put("waiting", reviewed[1]);
        }

        private void mask(Path curated) {
            Path key = dir.resolve("masking.key");
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            AtomicOutput.writeFile(key, w -> w.write(Base64.getEncoder().encodeToString(secret) + "\n"));
            Path analytics = dir.resolve("analytics/customers");
            JsonNode sidecar = report.step("steward mask --auto curated/customers -> analytics/customers",
                    () -> json("mask", "--data", curated.resolve("customers").toString(), "--out",
                            analytics.toString(), "--auto", "--key-file", key.toString(), "--server", server, "--json"));
            List<String> masked = new ArrayList<>();
            sidecar.path("columns").forEach(c -> {
                if (c.hasNonNull("transform")) { // every listed column is masked; the rest are "unmasked"
                    masked.add(c.path("name").asText() + " " + c.path("transform").asText());
                }
            });
            report.detail("masked: %s (key %s, kept in %s)", String.join(", ", masked),
                    sidecar.path("keyId").asText(), relative(key.toString()));
            datasets.put("analyticsCustomers", analytics.toString());
            summary.put("maskingKey", key.toString());
        }

        /** Where the customers' email tag went: along the lineage, and where masking stopped it. */
        private void propagation() {
            ArrayNode reached = summary.putArray("emailTag");
            report.step("Tags follow the column lineage (the service propagates them)", () -> { });
            for (String name : List.of("customers", "customerOrders", "analyticsCustomers")) {
                Path path = Path.of(datasets.path(name).asText());
                JsonNode dataset = lookup(path);
                for (JsonNode column : dataset.path("columns")) {
                    for (JsonNode tag : column.path("tags")) {
                        if (tag.path("entityType").asText().equals("EMAIL_ADDRESS")) {
                            String where = relative(path.toString()) + "." + column.path("name").asText();
                            String how = tag.path("masked").asBoolean() ? "masked by " + tag.path("transform").asText()
                                    + ": propagation stops here" : tag.path("source").asText() + ", " + tag.path("reviewState").asText();
                            report.detail("EMAIL_ADDRESS on %-38s (%s)", where, how);
                            reached.addObject().put("dataset", name).put("column", column.path("name").asText())
                                    .put("source", tag.path("source").asText()).put("masked", tag.path("masked").asBoolean());
                        }
                    }
                }
            }
        }

        private void erase() {
            long ordersId = datasetId(Path.of(datasets.path("orders").asText()));
            steward.put("/api/v1/datasets/" + ordersId + "/erase-policy", Map.of("action", "redact",
                    "reason", "orders are accounting records, kept 10 years: the subject's are redacted"));
            ObjectNode erase = summary.putObject("erase");
            JsonNode filed = report.step("officer files an erase request (GDPR Art. 17(1)(a))", () -> officer.post(
                    "/api/v1/erase-requests", Map.of("identifiers", List.of(
                            Map.of("kind", "email", "value", DemoDataGenerator.SUBJECT_EMAIL),
                            Map.of("kind", "customer_id", "value", DemoDataGenerator.SUBJECT_ID)),
                            "legalBasis", "GDPR Art. 17(1)(a)")));
            long id = filed.path("id").asLong();
            erase.put("request", id);
            report.detail("request %d for email=%s, customer_id=%s", id, DemoDataGenerator.SUBJECT_EMAIL,
                    DemoDataGenerator.SUBJECT_ID);
            JsonNode planned = report.step("officer plans it (tags, column names, lineage)",
                    () -> officer.post("/api/v1/erase-requests/" + id + "/plan", null));
            Map<String, String> actions = new TreeMap<>();
            Map<String, List<String>> columns = new TreeMap<>();
            planned.path("plan").forEach(p -> {
                String dataset = relative(p.path("dataset").asText().replaceFirst("^file:", ""));
                actions.put(dataset, p.path("action").asText());
                columns.computeIfAbsent(dataset, d -> new ArrayList<>()).add(p.path("column").asText()
                        + (p.hasNonNull("masked") ? " (as " + p.path("masked").asText() + ")" : ""));
            });
            actions.forEach((dataset, action) -> report.detail("%-24s %-7s by %s", dataset, action,
                    String.join(", ", columns.get(dataset))));
            erase.put("plannedDatasets", actions.size());
            String refused = report.step("officer approves it herself: refused (four eyes)", () -> {
                try {
                    officer.post("/api/v1/erase-requests/" + id + "/approve", null);
                    return null;
                } catch (InputException expected) {
                    return expected.getMessage();
                }
            });
            if (refused == null) {
                report.detail("UNEXPECTED: the requester could approve her own request");
                problems++;
            } else {
                report.detail("%s", refused.replaceFirst("^.*HTTP", "HTTP"));
            }
            report.step("otto approves it", () -> otto.post("/api/v1/erase-requests/" + id + "/approve", null));
            JsonNode ran = report.step("Job: steward erase run " + id + " (rewrites, then reads again to verify)",
                    () -> json("erase", "run", String.valueOf(id), "--server", server, "--key-file",
                            summary.path("maskingKey").asText(), "--json"));
            long erased = 0;
            for (JsonNode result : ran.path("results")) {
                erased += result.path("erased").asLong();
                report.detail("%-24s %-7s %d row(s)", relative(result.path("dataset").asText().replaceFirst("^file:", "")),
                        result.path("action").asText(), result.path("erased").asLong());
            }
            erase.put("state", ran.path("state").asText()).put("rowsErased", erased);
            Path certificate = dir.resolve("erase-certificate-" + id + ".json");
            JsonNode signed = report.step("officer completes it with a signed certificate",
                    () -> officer.post("/api/v1/erase-requests/" + id + "/certificate", null));
            AtomicOutput.writeFile(certificate, w -> w.write(signed.toPrettyString() + "\n"));
            String verified = report.step("Anyone verifies the certificate with the service's public key",
                    () -> command("erase", "verify-certificate", certificate.toString(), "--server", server).strip());
            report.detail("%s", verified.replace(certificate.toString(), relative(certificate.toString())));
            erase.put("certificateFile", certificate.toString()).put("certificateValid", verified.contains(": valid"));
            if (!verified.contains(": valid") || !"verified".equals(ran.path("state").asText())) {
                problems++;
            }
        }

        private void retention(long eventsId) {
            steward.put("/api/v1/datasets/" + eventsId + "/retention", Map.of("keepDays", 30,
                    "timeColumn", "occurred_at", "action", "delete"));
            JsonNode dry = report.step("Retention: events keep 30 days; steward purge --dry-run",
                    () -> json("purge", "--server", server, "--dry-run", "--json"));
            JsonNode done = report.step("steward purge", () -> json("purge", "--server", server, "--json"));
            ObjectNode retention = summary.putObject("retention");
            for (JsonNode purged : done.path("datasets")) {
                report.detail("%s: %d of %d rows older than %s deleted (the dry run counted %d)",
                        relative(purged.path("dataset").asText().replaceFirst("^file:", "")), purged.path("affected").asLong(),
                        purged.path("before").asLong(), purged.path("cutoff").asText(),
                        dry.path("datasets").path(0).path("affected").asLong());
                retention.put("cutoff", purged.path("cutoff").asText()).put("before", purged.path("before").asLong())
                        .put("deleted", purged.path("affected").asLong());
            }
        }

        private long datasetId(Path data) {
            return lookup(data).path("id").asLong();
        }

        private JsonNode lookup(Path data) {
            JsonNode found = steward.get("/api/v1/datasets?namespace=file&name="
                    + ServiceClient.encode(data.toAbsolutePath().normalize().toString()));
            if (!found.isArray() || found.isEmpty()) {
                throw new InputException(data + " is not in the catalog");
            }
            return steward.get("/api/v1/datasets/" + found.get(0).path("id").asLong());
        }

        /** A command's JSON output (it was given --json). */
        private JsonNode json(String... args) {
            String output = command(args);
            try {
                return JSON.readTree(output);
            } catch (IOException e) {
                throw new InputException("steward " + args[0] + " printed no JSON: " + output.strip(), e);
            }
        }

        /** Runs a Steward command in this JVM (and Spark session); its output, or its error as the failure. */
        private String command(String... args) {
            StringWriter output = new StringWriter();
            StringWriter errors = new StringWriter();
            int code = new CommandLine(new Steward()).setOut(new PrintWriter(output, true))
                    .setErr(new PrintWriter(errors, true)).execute(args);
            if (code == Steward.USAGE) {
                throw new InputException("steward " + String.join(" ", args) + ": " + errors.toString().strip());
            }
            return output.toString();
        }
    }

    /** A path under the demo folder, shown relative to it. */
    private String relative(String path) {
        return path.startsWith(dir + "/") ? path.substring(dir.toString().length() + 1) : path;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException("interrupted", e);
        }
    }
}

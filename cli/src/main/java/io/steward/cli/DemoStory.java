package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.rules.SparkSessions;
import io.steward.testdata.DemoDataGenerator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine;

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
import java.util.Collection;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Steps 2 to 4 of `steward demo`, in one Spark session, against the started stack: the landing
 * zone crawled, rulesets attached to the ingest jobs, the data landed and checked by the service,
 * PII scanned, reviewed and masked, a mart built, tags followed along the lineage, one customer
 * erased on request, and a retention purge. Each step is reported with its time; the results go to
 * the report's summary, and what the story did not get as it expects is counted as a problem.
 */
final class DemoStory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CHECKS_TIMEOUT = Duration.ofMinutes(5);
    /** A detected tag at least this sure is confirmed by the demo's data steward; the rest wait for review. */
    private static final double CONFIRM_AT = 0.9;

    /** What the story needs before the stack is up: the landing zone and a warm Spark session. */
    record Prepared(DemoDataGenerator.Landing landing, SparkSession spark) {
    }

    /** An ingest job of the story: raw file or folder, its format, the time columns it types, its partitions. */
    private record Ingest(String name, String raw, DataFiles.Format format, List<String> timeColumns,
                          List<String> partitionBy) {
    }

    private static final List<Ingest> INGESTS = List.of(
            new Ingest("customers", "customers.csv", DataFiles.Format.CSV, List.of(), List.of()),
            new Ingest("orders", "orders.jsonl", DataFiles.Format.JSONL, List.of("created_at"), List.of()),
            new Ingest("events", "events", DataFiles.Format.JSON, List.of("occurred_at"), List.of("day")));


    private final DemoStack stack;
    private final String server;
    private final DemoReport report;
    private final ObjectNode summary;
    private final ObjectNode datasets;
    private final Path home;
    private final Path dir;
    private final PrintWriter err;
    private ServiceClient job;
    private ServiceClient steward;
    private ServiceClient officer;
    private ServiceClient otto;
    private SparkSession spark;
    private int problems;

    private final CompletableFuture<Prepared> prepared;

    DemoStory(DemoStack stack, CompletableFuture<Prepared> prepared, DemoReport report, Path home, Path dir,
              PrintWriter err) {
        this.stack = stack;
        this.server = stack.serviceUrl;
        this.prepared = prepared;
        this.report = report;
        this.summary = report.summary();
        this.datasets = summary.putObject("datasets");
        this.home = home;
        this.dir = dir;
        this.err = err;
    }

    int run() throws IOException {
        Path raw = dir.resolve("raw");
        Path curated = dir.resolve("curated");
        report.section("Catalog, ingest and quality checks");
        Prepared ready = report.step("Landing zone generated (src-test-data's DemoDataGenerator) and Spark",
                () -> {
                    try {
                        return prepared.join();
                    } catch (CompletionException e) {
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

        DemoJobs jobs = new DemoJobs(spark, server, err);
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
        Map<String, Set<String>> expected = Map.of("customers", landing.badCustomers().keySet(),
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
                    name, check.path("state").asText().toUpperCase(Locale.ROOT),
                    run.path("rules").size() - failedRules.size(), run.path("rules").size(),
                    run.path("rowsFailed").asLong(), run.path("rowsTotal").asLong(),
                    relative(check.path("quarantine").asText("(none)")));
            failedRules.forEach(r -> report.detail("    FAIL %s", r));
            result.put("rowsTotal", run.path("rowsTotal").asLong()).put("rowsFailed", run.path("rowsFailed").asLong());
            quarantined.forEach(result.putArray("quarantined")::add);
            failedRules.forEach(result.putArray("failedRules")::add);
            // The quarantine holds exactly the bad records the generator made, no more, no fewer.
            if (!new TreeSet<>(quarantined).equals(new TreeSet<>(expected.get(name)))) {
                report.detail("    UNEXPECTED: quarantined %s, but the bad records are %s", quarantined,
                        new TreeSet<>(expected.get(name)));
                problems++;
            }
        });
    }

    private Map<Long, JsonNode> awaitChecks(Collection<Long> ids) {
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
                        + String.format(Locale.ROOT, " %.2f", e.path("score").asDouble())));
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
        report.detail("%d confirmed; %d scored lower wait for a person", reviewed[0], reviewed[1]);
        summary.putObject("review").put("confirmed", reviewed[0]).put("belowThreshold", reviewed[1]);
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
        List<String> names = List.of("customers", "customerOrders", "analyticsCustomers");
        // The service propagated the tags as the lineage arrived; this reads where they are now.
        Map<String, JsonNode> catalog = report.step("Where the customers' email tag went along the column lineage",
                () -> {
                    Map<String, JsonNode> found = new LinkedHashMap<>();
                    names.forEach(name -> found.put(name, lookup(Path.of(datasets.path(name).asText()))));
                    return found;
                });
        ArrayNode reached = summary.putArray("emailTag");
        catalog.forEach((name, dataset) -> {
            for (JsonNode column : dataset.path("columns")) {
                for (JsonNode tag : column.path("tags")) {
                    if (tag.path("entityType").asText().equals("EMAIL_ADDRESS")) {
                        String where = relative(datasets.path(name).asText()) + "." + column.path("name").asText();
                        String how = tag.path("masked").asBoolean() ? "masked by " + tag.path("transform").asText()
                                + ": propagation stops here" : tag.path("source").asText() + ", " + tag.path("reviewState").asText();
                        report.detail("EMAIL_ADDRESS on %-38s (%s)", where, how);
                        reached.addObject().put("dataset", name).put("column", column.path("name").asText())
                                .put("source", tag.path("source").asText()).put("masked", tag.path("masked").asBoolean());
                    }
                }
            }
        });
        int queue = steward.get("/api/v1/tags?state=proposed").size();
        report.detail("The review queue holds %d tags: the lower-scored detections and the propagated ones", queue);
        ((ObjectNode) summary.path("review")).put("queue", queue);
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
        String orders = datasets.path("orders").asText();
        List<String> herOrders = spark.read().parquet(orders).filter(functions.col("customer_id")
                .equalTo(DemoDataGenerator.SUBJECT_ID)).select("order_id").collectAsList().stream()
                .map(r -> r.getString(0)).sorted().toList();
        JsonNode ran = report.step("Job: steward erase run " + id + " (rewrites, then reads again to verify)",
                () -> json("erase", "run", String.valueOf(id), "--server", server, "--key-file",
                        summary.path("maskingKey").asText(), "--json"));
        ObjectNode results = erase.putObject("erased");
        for (JsonNode result : ran.path("results")) {
            String dataset = relative(result.path("dataset").asText().replaceFirst("^file:", ""));
            report.detail("%-24s %-7s %d row(s)", dataset, result.path("action").asText(),
                    result.path("erased").asLong());
            results.put(dataset, result.path("erased").asLong());
        }
        erase.put("state", ran.path("state").asText());
        // Her orders are kept (accounting) but hold nothing of her: no customer id, no name, no address.
        List<Row> kept = spark.read().parquet(orders).filter(functions.col("order_id")
                .isin(herOrders.toArray())).select("order_id", "customer_id", "shipping").collectAsList();
        long emptied = kept.stream().filter(r -> r.isNullAt(1) && r.isNullAt(2)).count();
        report.detail("her %d orders are kept, %d of them without her id, name and address", kept.size(), emptied);
        erase.put("keptOrders", kept.size()).put("keptOrdersEmptied", emptied);
        if (kept.size() != herOrders.size() || emptied != kept.size()) {
            problems++;
        }
        Path certificate = dir.resolve("erase-certificate-" + id + ".json");
        JsonNode signed = report.step("officer completes it with a signed certificate",
                () -> officer.post("/api/v1/erase-requests/" + id + "/certificate", null));
        AtomicOutput.writeFile(certificate, w -> w.write(signed.toPrettyString() + "\n"));
        printCertificate(signed);
        String verified = report.step("Anyone verifies the certificate with the service's public key",
                () -> command("erase", "verify-certificate", certificate.toString(), "--server", server).strip());
        report.detail("%s", verified.replace(certificate.toString(), relative(certificate.toString())));
        erase.put("certificateFile", certificate.toString()).put("certificateValid", verified.contains(": valid"));
        if (!verified.contains(": valid") || !"verified".equals(ran.path("state").asText())) {
            problems++;
        }
    }

    /** The certificate as a person reads it: what was erased where, the subject only as hashes, the signature. */
    private void printCertificate(JsonNode signed) {
        JsonNode body;
        try {
            body = JSON.readTree(signed.path("body").asText());
        } catch (IOException e) {
            throw new InputException("the certificate's body is not JSON: " + e.getMessage(), e);
        }
        List<String> subject = new ArrayList<>();
        body.path("subject").forEach(h -> subject.add(h.path("kind").asText() + " sha256:"
                + h.path("sha256").asText().substring(0, 12) + "…"));
        long rows = 0;
        for (JsonNode result : body.path("results")) {
            rows += result.path("erased").asLong();
        }
        report.detail("\"%s\", erase request %d, %s", body.path("certificate").asText(),
                body.path("eraseRequest").asLong(), body.path("legalBasis").asText());
        report.detail("subject: %s (never in clear)", String.join(", ", subject));
        report.detail("%d datasets rewritten, %d rows erased or emptied; %s signature by key %s: %s…",
                body.path("results").size(), rows, signed.path("algorithm").asText(), signed.path("keyId").asText(),
                signed.path("signature").asText().substring(0, 16));
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

    /** The landing zone, written under the demo folder, and a Spark session that ran its first job. */
    static Prepared prepare(Path dir) {
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

    /** A path under the demo folder, shown relative to it. */
    private String relative(String path) {
        return path.startsWith(dir + "/") ? path.substring(dir.toString().length() + 1) : path;
    }

    static String read(Path file) {
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

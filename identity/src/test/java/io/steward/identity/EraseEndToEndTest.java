package io.steward.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GDPR erase from request to certificate, with everything real: Keycloak, the policy service
 * (on a database of its own, so the plan sees this test's catalog only), the launcher, Spark and
 * PostgreSQL. A customer is in a raw zone (CSV), in a quarantine of failed records (JSON lines),
 * in a masked analytics copy made by `steward mask` (Parquet, the email as a keyed HASH), in a
 * downstream table joining customers and orders (JSON lines), in a CRM table in PostgreSQL, and
 * in orders that must be kept (redacted, not deleted). The plan finds every copy through tags,
 * column names and lineage; the requester cannot approve; the run is killed (SIGKILL) at each step
 * of a rewrite and of the JDBC transaction, and after each kill every dataset is whole, either as
 * it was or erased, never half; the last run finishes, and the rows that remain are exactly the
 * others, row for row. A second request for the same subject then finds nothing anywhere,
 * hashed forms included, and the certificate verifies.
 */
class EraseEndToEndTest {

    private static final String DATABASE = "steward_erase_e2e";
    private static final String CRM_DATABASE = "steward_erase_e2e_crm";
    private static final String CRM = "postgres://127.0.0.1:5432:" + CRM_DATABASE + ".public.contacts";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANN = "ann.lee@example.com";
    /** Customers 7 and 23 are the subject (two accounts, one email); the request names customer 7's id. */
    private static final IntPredicate SUBJECT = i -> i == 7 || i == 23;
    private static final List<String> FAILPOINTS = List.of("swap.staged", "swap.moved-aside", "swap.moved-in",
            "erase.recorded", "jdbc.uncommitted");

    private static IdentityStack stack;
    private static IdentityStack.Service service;

    @BeforeAll
    static void start() throws Exception {
        stack = IdentityStack.get();
        recreate(DATABASE);
        recreate(CRM_DATABASE);
        service = stack.service("erase-e2e-service", DATABASE);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aSubjectIsErasedEverywhereThroughEveryCrashAndCertified() throws Exception {
        Path lake = IdentityStack.LOGS.resolve("erase-e2e-lake").toAbsolutePath();
        IdentityStack.deleteTree(lake);
        Path customers = write(lake.resolve("raw/customers.csv"), csv("customer_id,email,phone,name,country",
                customerRows(i -> true)));
        Path orders = write(lake.resolve("raw/orders.csv"), csv("order_id,customer_id,amount,ordered_at",
                orderRows(-1)));
        Path quarantine = lake.resolve("quarantine/customers");
        write(quarantine.resolve("part-00000.jsonl"), jsonLines(quarantineRows(i -> true)));
        Path mart = write(lake.resolve("marts/customer_orders.jsonl"), jsonLines(martRows(i -> true)));
        Path analytics = lake.resolve("analytics/customers");
        Path key = write(lake.resolve("masking.key"), Base64.getEncoder().encodeToString(randomBytes()) + "\n");
        Path maskPolicy = write(lake.resolve("mask-policy.json"), "{\"columns\": {\"email\": \"HASH\", \"phone\": \"NULLIFY\"}}");
        try (Connection crm = crm(); Statement sql = crm.createStatement()) {
            sql.execute("create table contacts (id integer primary key, email text, phone text, name text)");
            for (List<String> row : crmRows(i -> true)) {
                sql.execute("insert into contacts values (" + row.get(0) + ", '" + row.get(1) + "', '" + row.get(2)
                        + "', '" + row.get(3) + "')");
            }
        }

        // The catalog: raw datasets, the quarantine, the mart and the CRM table, with schemas and tags;
        // orders are financial records that must be kept, so the subject's orders are redacted.
        String steward = stack.token("steward");
        long customersId = dataset(steward, "file", customers.toString(), customers, "csv",
                List.of("customer_id", "email", "phone", "name", "country"));
        tag(steward, customersId, "email", "EMAIL_ADDRESS");
        tag(steward, customersId, "phone", "PHONE_NUMBER");
        long ordersId = dataset(steward, "file", orders.toString(), orders, "csv",
                List.of("order_id", "customer_id", "amount", "ordered_at"));
        send("PUT", "/api/v1/datasets/" + ordersId + "/erase-policy", steward,
                "{\"action\": \"redact\", \"reason\": \"invoices are kept 10 years (HGB 257)\"}");
        dataset(steward, "file", quarantine.toString(), quarantine, "jsonl",
                List.of("customer_id", "email", "phone", "name", "country", "dq_result"));
        dataset(steward, "file", mart.toString(), mart, "jsonl",
                List.of("order_id", "customer_id", "email", "name", "amount"));
        long crmId = dataset(steward, "postgres://127.0.0.1:5432", CRM_DATABASE + ".public.contacts", null, null,
                List.of("id", "email", "phone", "name"));
        tag(steward, crmId, "email", "EMAIL_ADDRESS");

        // Lineage, as the jobs that made these copies report it (OpenLineage), and a real masking job.
        String job = stack.token("job");
        lineage(job, "dq.customers", List.of(customers), quarantine, Map.of("customer_id", field(customers, "customer_id"),
                "email", field(customers, "email"), "phone", field(customers, "phone"), "name", field(customers, "name")));
        lineage(job, "marts.customer_orders", List.of(customers, orders), mart, Map.of(
                "order_id", field(orders, "order_id"), "customer_id", field(orders, "customer_id"),
                "email", field(customers, "email"), "name", field(customers, "name"), "amount", field(orders, "amount")));
        lineage(job, "crm.sync", List.of(customers), null, Map.of("email", field(customers, "email"),
                "phone", field(customers, "phone"), "name", field(customers, "name")));
        Path jobHome = Files.createTempDirectory("steward-job");
        Map<String, String> asJob = Map.of("STEWARD_HOME_DIR", jobHome.toString(), "STEWARD_PASSWORD",
                IdentityStack.DEMO_PASSWORD);
        String url = service.url();
        assertThat(IdentityStack.run(asJob, "login", "--server", url, "--user", "job")).startsWith("Logged in");
        assertThat(IdentityStack.run(asJob, "mask", "--data", customers.toString(), "--out", analytics.toString(),
                "--out-format", "parquet", "--policy", maskPolicy.toString(), "--key-file", key.toString(),
                "--server", url, "--master", "local[1]")).doesNotStartWith("exit");

        // The request, its plan and its dry run.
        Path officerHome = Files.createTempDirectory("steward-officer");
        Map<String, String> asOfficer = Map.of("STEWARD_HOME_DIR", officerHome.toString(), "STEWARD_PASSWORD",
                IdentityStack.DEMO_PASSWORD);
        assertThat(IdentityStack.run(asOfficer, "login", "--server", url, "--user", "officer")).startsWith("Logged in");
        String id = requestAndPlan(asOfficer, url);
        JsonNode planned = get("/api/v1/erase-requests/" + id, stack.token("officer"));
        Map<String, String> actions = new TreeMap<>();
        planned.path("plan").forEach(p -> actions.put(p.path("dataset").asText(), p.path("action").asText()));
        assertThat(actions).containsExactlyInAnyOrderEntriesOf(Map.of("file:" + customers, "delete",
                "file:" + orders, "redact", "file:" + quarantine, "delete", "file:" + mart, "delete",
                "file:" + analytics, "delete", CRM, "delete"));
        List<String> hashed = new ArrayList<>();
        planned.path("plan").forEach(p -> {
            if (p.path("masked").asText().equals("HASH")) {
                hashed.add(p.path("dataset").asText() + "." + p.path("column").asText());
            }
        });
        assertThat(hashed).as(planned.path("plan").toString()).containsExactly("file:" + analytics + ".email");
        assertThat(IdentityStack.run(asOfficer, "erase", "count", id, "--server", url, "--master", "local[1]",
                "--key-file", key.toString())).doesNotStartWith("exit");
        assertThat(matching(get("/api/v1/erase-requests/" + id, stack.token("officer")))).isEqualTo(Map.of(
                "file:" + customers, 2L, "file:" + orders, 2L, "file:" + quarantine, 2L, "file:" + mart, 4L,
                "file:" + analytics, 2L, CRM, 2L));

        // Approval: never by the requester; a second officer approves.
        assertThat(IdentityStack.run(asOfficer, "erase", "approve", id, "--server", url))
                .startsWith("exit 2:").contains("HTTP 403").contains("other than the requester");
        Path secondHome = Files.createTempDirectory("steward-otto");
        Map<String, String> asOtto = Map.of("STEWARD_HOME_DIR", secondHome.toString(), "STEWARD_PASSWORD",
                IdentityStack.DEMO_PASSWORD);
        assertThat(IdentityStack.run(asOtto, "login", "--server", url, "--user", "otto")).startsWith("Logged in");
        assertThat(IdentityStack.run(asOtto, "erase", "approve", id, "--server", url))
                .startsWith("Erase request " + id + ": approved");

        // What must be left: every other row as it was; the subject's orders kept without their customer.
        Map<Path, List<String>> before = Map.of(customers, csvRows(customers), orders, csvRows(orders),
                quarantine, jsonRows(quarantine), mart, jsonRows(mart));
        Map<Path, List<String>> after = Map.of(
                customers, sorted(customerRows(SUBJECT.negate()).stream().map(r -> String.join(",", r))),
                orders, sorted(orderRows(7).stream().map(r -> String.join(",", r))),
                quarantine, sorted(quarantineRows(SUBJECT.negate()).stream().map(EraseEndToEndTest::canonical)),
                mart, sorted(martRows(SUBJECT.negate()).stream().map(EraseEndToEndTest::canonical)));
        List<String> crmBefore = crmTable();
        List<String> crmAfter = sorted(crmRows(i -> i <= 10).stream().map(r -> String.join("|", r)));

        // Killed at every step: each dataset is whole after each kill, as it was or erased.
        for (String failpoint : FAILPOINTS) {
            killedAt(failpoint, asJob, id, url, key);
            for (Path dataset : before.keySet()) {
                List<String> rows = Files.exists(dataset) ? rows(dataset) : null;
                if (rows == null) { // between the two renames of a folder's swap: the original waits aside
                    assertThat(dataset.resolveSibling("." + dataset.getFileName() + ".steward-erase.old"))
                            .as(failpoint + ": " + dataset).exists();
                } else {
                    assertThat(rows).as(failpoint + ": " + dataset).isIn(before.get(dataset), after.get(dataset));
                }
            }
            assertThat(crmTable()).as(failpoint + ": " + CRM).isIn(crmBefore, crmAfter);
        }
        String finished = IdentityStack.run(asJob, "erase", "run", id, "--server", url, "--master", "local[1]",
                "--key-file", key.toString());
        assertThat(finished).startsWith("Erase request " + id + ": verified");
        for (Path dataset : before.keySet()) {
            assertThat(rows(dataset)).as(dataset.toString()).isEqualTo(after.get(dataset));
            try (Stream<Path> siblings = Files.list(dataset.getParent())) {
                assertThat(siblings.map(p -> p.getFileName().toString())).as("leftovers beside " + dataset)
                        .noneMatch(name -> name.contains("steward-erase"));
            }
        }
        assertThat(crmTable()).isEqualTo(crmAfter);

        // Each rewrite is an OpenLineage run of its own.
        assertThat(get("/api/v1/lineage?depth=1&nodeId=" + java.net.URLEncoder.encode("dataset:file:" + customers,
                StandardCharsets.UTF_8), stack.token("officer")).toString()).contains("erase file:" + customers);

        // The certificate, and a second request for the same subject that finds nothing anywhere.
        Path certificate = lake.resolve("certificate.json");
        assertThat(IdentityStack.run(asOfficer, "erase", "certificate", id, "--server", url, "--out",
                certificate.toString())).doesNotStartWith("exit");
        assertThat(IdentityStack.run(asOfficer, "erase", "verify-certificate", certificate.toString(), "--server", url))
                .contains(": valid, signed by key").contains("erase request " + id + " completed");
        assertThat(Files.readString(certificate)).doesNotContain(ANN);
        String again = requestAndPlan(asOfficer, url);
        assertThat(IdentityStack.run(asOfficer, "erase", "count", again, "--server", url, "--master", "local[1]",
                "--key-file", key.toString())).doesNotStartWith("exit");
        Map<String, Long> left = matching(get("/api/v1/erase-requests/" + again, stack.token("officer")));
        assertThat(left).hasSize(6).allSatisfy((dataset, rows) -> assertThat(rows).as(dataset).isZero());
    }

    private static String requestAndPlan(Map<String, String> officer, String url) throws Exception {
        String filed = IdentityStack.run(officer, "erase", "request", "--server", url, "--identifier", "email=" + ANN,
                "--identifier", "customer_id=C0007", "--legal-basis", "GDPR Art. 17(1)(a)");
        Matcher id = Pattern.compile("^Erase request (\\d+): received").matcher(filed);
        assertThat(id.find()).as(filed).isTrue();
        assertThat(IdentityStack.run(officer, "erase", "plan", id.group(1), "--server", url))
                .startsWith("Erase request " + id.group(1) + ": planned");
        return id.group(1);
    }

    /** Runs `steward erase run` until it stops at the failpoint, then kills it with SIGKILL. */
    private static void killedAt(String failpoint, Map<String, String> job, String id, String url, Path key)
            throws Exception {
        Map<String, String> environment = new HashMap<>(job);
        environment.put("STEWARD_FAILPOINT", failpoint);
        Process run = IdentityStack.launcher(environment, "erase", "run", id, "--server", url, "--master", "local[1]",
                "--key-file", key.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuilder said = new StringBuilder();
        CompletableFuture<Boolean> reached = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(run.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    said.append(line).append('\n');
                    if (line.contains("failpoint " + failpoint + " reached")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean stopped = reached.get(5, TimeUnit.MINUTES);
        run.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        run.waitFor(1, TimeUnit.MINUTES);
        assertThat(stopped).as("the run reaches " + failpoint + "; it said:\n" + said).isTrue();
    }

    private static List<List<String>> customerRows(IntPredicate which) {
        return IntStream.rangeClosed(1, 30).filter(which).mapToObj(i -> List.of(String.format("C%04d", i),
                SUBJECT.test(i) ? ANN : "user" + i + "@example.com", String.format("+49 30 5550%03d", i),
                SUBJECT.test(i) ? "Ann Lee" : "Customer " + i, List.of("DE", "FR", "NL").get(i % 3))).toList();
    }

    /** Sixty orders, two per customer; the orders of the redacted customer (if any) keep no customer id. */
    private static List<List<String>> orderRows(int redacted) {
        return IntStream.rangeClosed(1, 60).mapToObj(j -> {
            int customer = (j - 1) % 30 + 1;
            return List.of(String.format("O%04d", j), customer == redacted ? "" : String.format("C%04d", customer),
                    String.format("%d.%02d", 10 + j, j), String.format("2026-%02d-%02d", (j % 12) + 1, (j % 28) + 1));
        }).toList();
    }

    private static List<Map<String, String>> quarantineRows(IntPredicate which) {
        return customerRows(i -> (i == 3 || i == 7 || i == 12 || i == 23 || i == 28) && which.test(i)).stream()
                .map(r -> Map.of("customer_id", r.get(0), "email", r.get(1), "phone", r.get(2), "name", r.get(3),
                        "country", r.get(4), "dq_result", "Failed")).toList();
    }

    private static List<Map<String, String>> martRows(IntPredicate which) {
        Map<String, List<String>> byId = new HashMap<>();
        customerRows(i -> true).forEach(r -> byId.put(r.get(0), r));
        return orderRows(-1).stream().filter(o -> which.test(Integer.parseInt(o.get(1).substring(1))))
                .map(o -> Map.of("order_id", o.get(0), "customer_id", o.get(1), "email", byId.get(o.get(1)).get(1),
                        "name", byId.get(o.get(1)).get(3), "amount", o.get(2))).toList();
    }

    /** Ten contacts, then the subject twice (as typed into the CRM: case and blanks vary). */
    private static List<List<String>> crmRows(IntPredicate which) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            if (which.test(i)) {
                rows.add(List.of(String.valueOf(i), i == 11 ? ANN : i == 12 ? " Ann.Lee@Example.com " : "contact" + i
                        + "@example.com", "+49 40 " + (7000 + i), i > 10 ? "Ann Lee" : "Contact " + i));
            }
        }
        return rows;
    }

    private static String csv(String header, List<List<String>> rows) {
        StringBuilder text = new StringBuilder(header).append('\n');
        rows.forEach(r -> text.append(String.join(",", r)).append('\n'));
        return text.toString();
    }

    private static String jsonLines(List<Map<String, String>> rows) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Map<String, String> row : rows) {
            text.append(JSON.writeValueAsString(new TreeMap<>(row))).append('\n');
        }
        return text.toString();
    }

    private static List<String> rows(Path dataset) throws IOException {
        return dataset.toString().endsWith(".csv") ? csvRows(dataset) : jsonRows(dataset);
    }

    /** A CSV file's rows (header left out) as their text, sorted: Spark writes them back in any order. */
    private static List<String> csvRows(Path file) throws IOException {
        return sorted(Files.readAllLines(file).stream().skip(1).filter(l -> !l.isEmpty()));
    }

    /** The JSON lines of a file or of a folder's data files, each object with its fields in name order, sorted. */
    private static List<String> jsonRows(Path dataset) throws IOException {
        List<Path> files;
        if (Files.isDirectory(dataset)) {
            try (Stream<Path> listed = Files.list(dataset)) {
                files = listed.filter(f -> !f.getFileName().toString().startsWith(".")
                        && !f.getFileName().toString().startsWith("_")).toList();
            }
        } else {
            files = List.of(dataset);
        }
        List<String> rows = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    rows.add(canonical(JSON.readValue(line, Map.class)));
                }
            }
        }
        return sorted(rows.stream());
    }

    @SuppressWarnings("unchecked")
    private static String canonical(Map<?, ?> row) {
        return new TreeMap<>((Map<String, Object>) row).toString();
    }

    private static List<String> sorted(Stream<String> rows) {
        return rows.sorted().toList();
    }

    private static List<String> crmTable() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection crm = crm(); Statement sql = crm.createStatement();
             ResultSet found = sql.executeQuery("select id, email, phone, name from contacts")) {
            while (found.next()) {
                rows.add(found.getInt(1) + "|" + found.getString(2) + "|" + found.getString(3) + "|" + found.getString(4));
            }
        }
        return sorted(rows.stream());
    }

    private static Connection crm() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + CRM_DATABASE, "postgres", "");
    }

    private static void recreate(String database) throws SQLException {
        try (Connection postgres = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
                "postgres", ""); Statement sql = postgres.createStatement()) {
            sql.execute("drop database if exists " + database + " with (force)");
            sql.execute("create database " + database);
        }
    }

    private static Map<String, Long> matching(JsonNode request) {
        Map<String, Long> counts = new TreeMap<>();
        request.path("counts").forEach(c -> counts.put(c.path("dataset").asText(), c.path("matching").asLong()));
        return counts;
    }

    private static long dataset(String token, String namespace, String name, Path location, String format,
                                List<String> columns) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("namespace", namespace, "name", name));
        if (location != null) {
            body.put("location", location.toString());
            body.put("format", format);
        }
        long id = JSON.readTree(send("POST", "/api/v1/datasets", token, JSON.writeValueAsString(body))).path("id").asLong();
        send("PUT", "/api/v1/datasets/" + id + "/schema", token, JSON.writeValueAsString(Map.of("fields",
                columns.stream().map(c -> Map.of("name", c, "type", "string")).toList())));
        return id;
    }

    private static void tag(String token, long dataset, String column, String entityType) throws Exception {
        send("POST", "/api/v1/datasets/" + dataset + "/tags", token, JSON.writeValueAsString(List.of(Map.of(
                "column", column, "entityType", entityType, "confidence", 1.0))));
    }

    private static Map<String, String> field(Path dataset, String column) {
        return Map.of("namespace", "file", "name", dataset.toString(), "field", column);
    }

    /**
     * A COMPLETE event of a job that copied columns (DIRECT, IDENTITY) from its inputs into its
     * output: a file (the path given) or, without one, the CRM table.
     */
    private static void lineage(String token, String job, List<Path> inputs, Path output,
                                Map<String, Map<String, String>> columns) throws Exception {
        Map<String, Object> fields = new TreeMap<>();
        columns.forEach((column, source) -> {
            Map<String, Object> from = new HashMap<>(source);
            from.put("transformations", List.of(Map.of("type", "DIRECT", "subtype", "IDENTITY", "masking", false)));
            fields.put(column, Map.of("inputFields", List.of(from)));
        });
        Map<String, Object> out = new HashMap<>(output == null
                ? Map.of("namespace", "postgres://127.0.0.1:5432", "name", CRM_DATABASE + ".public.contacts")
                : Map.of("namespace", "file", "name", output.toString()));
        out.put("facets", Map.of("columnLineage", Map.of("_producer", "https://example.com/etl",
                "_schemaURL", "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
                "fields", fields)));
        Map<String, Object> event = Map.of("eventType", "COMPLETE", "eventTime", java.time.Instant.now().toString(),
                "producer", "https://example.com/etl",
                "schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                "run", Map.of("runId", java.util.UUID.randomUUID().toString()),
                "job", Map.of("namespace", "etl", "name", job),
                "inputs", inputs.stream().map(p -> Map.of("namespace", "file", "name", p.toString())).toList(),
                "outputs", List.of(out));
        send("POST", "/api/v1/lineage", token, JSON.writeValueAsString(event));
    }

    private static JsonNode get(String path, String token) throws Exception {
        return JSON.readTree(send("GET", path, token, ""));
    }

    private static String send(String method, String path, String token, String json) throws Exception {
        HttpResponse<String> response = LocalProcesses.HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method(method, json.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 204);
        return response.body();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static byte[] randomBytes() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}

package io.steward.identity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steward against a real Keycloak: the bootstrap makes the realm, roles, clients and demo users
 * (and a second run changes nothing); the users get real tokens by the password grant; and the
 * real policy service, started from its jar, admits each token by its role: 401 without a
 * token or with a forged one, 403 with the wrong role.
 */
class KeycloakIntegrationTest {

    private static final Path LOGS = IdentityStack.LOGS;
    private static final String ADMIN_PASSWORD = IdentityStack.ADMIN_PASSWORD;
    private static final String DEMO_PASSWORD = IdentityStack.DEMO_PASSWORD;

    private static IdentityStack stack;
    private static IdentityStack.Service service;
    private static String keycloakUrl;
    private static String serviceUrl;
    private static KeycloakBootstrap.Report first;
    private static KeycloakBootstrap.Report second;

    @BeforeAll
    static void start() throws Exception {
        stack = IdentityStack.get();
        keycloakUrl = stack.keycloakUrl;
        first = stack.first;
        second = stack.second;
        service = stack.service("service", "test");
        serviceUrl = service.url();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static String token(String user) throws Exception {
        return stack.token(user);
    }

    private static int call(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serviceUrl + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return LocalProcesses.HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theBootstrapMakesEverythingOnceAndThenNothing() {
        assertThat(first.realmCreated()).isTrue();
        assertThat(first.roles()).containsExactly("steward-admin", "data-steward", "compliance-officer", "analyst",
                "job-runner");
        assertThat(first.clients()).containsExactly(KeycloakBootstrap.CLI_CLIENT, KeycloakBootstrap.SERVICE_CLIENT,
                KeycloakBootstrap.UI_CLIENT);
        assertThat(first.users()).containsExactly("admin", "steward", "officer", "otto", "analyst", "job");
        assertThat(second.changedNothing()).as(second.toString()).isTrue();
    }

    @Test
    void theServiceAdmitsRealTokensByRole() throws Exception {
        String dataset = "{\"namespace\": \"s3://lake\", \"name\": \"kc_" + UUID.randomUUID() + "\"}";
        assertThat(call("GET", "/api/v1/datasets", null, null)).isEqualTo(401);
        String analyst = token("analyst");
        assertThat(call("GET", "/api/v1/datasets", analyst, null)).isEqualTo(200);
        // Known now (VerifiedTokens): admitted again, while the same token with one character of
        // its signature changed is still refused.
        assertThat(call("GET", "/api/v1/datasets", analyst, null)).isEqualTo(200);
        int inSignature = analyst.lastIndexOf('.') + 10;
        String forged = analyst.substring(0, inSignature) + (analyst.charAt(inSignature) == 'A' ? 'B' : 'A')
                + analyst.substring(inSignature + 1);
        assertThat(call("GET", "/api/v1/datasets", forged, null)).isEqualTo(401);
        assertThat(call("POST", "/api/v1/datasets", analyst, dataset)).isEqualTo(403);
        assertThat(call("GET", "/api/v1/audit/verify", analyst, null)).isEqualTo(403);
        String steward = token("steward");
        assertThat(call("POST", "/api/v1/datasets", steward, dataset)).isEqualTo(201);
        assertThat(call("GET", "/api/v1/audit/verify", token("officer"), null)).isEqualTo(200);
    }

    /** `steward login` keeps the tokens where STEWARD_HOME_DIR says; `steward token` prints one the service admits. */
    @Test
    void theCliLogsInAndItsTokenIsAdmitted() throws Exception {
        Path home = java.nio.file.Files.createTempDirectory("steward-home");
        Map<String, String> environment = Map.of("STEWARD_HOME_DIR", home.toString(), "STEWARD_PASSWORD", DEMO_PASSWORD);
        assertThat(run(environment, "login", "--server", serviceUrl, "--user", "analyst"))
                .isEqualTo("Logged in to " + serviceUrl + " as analyst.");
        Path credentials = home.resolve(".steward/credentials.json");
        assertThat(java.nio.file.Files.getPosixFilePermissions(credentials))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String token = run(environment, "token", "--server", serviceUrl);
        assertThat(call("GET", "/api/v1/datasets", token, null)).isEqualTo(200);
        assertThat(run(environment, "audit", "verify", "--server", serviceUrl))
                .isEqualTo("exit 2: steward audit verify: GET " + serviceUrl + "/api/v1/audit/verify: HTTP 403");
        Map<String, String> officer = Map.of("STEWARD_HOME_DIR", home.toString(), "STEWARD_PASSWORD", DEMO_PASSWORD);
        assertThat(run(officer, "login", "--server", serviceUrl, "--user", "officer")).startsWith("Logged in");
        assertThat(run(officer, "audit", "verify", "--server", serviceUrl))
                .startsWith("The audit log of " + serviceUrl + " is intact: ");
        assertThat(run(Map.of("STEWARD_HOME_DIR", home.toString(), "STEWARD_PASSWORD", "wrong"),
                "login", "--server", serviceUrl, "--user", "analyst"))
                .startsWith("exit 2: steward login: POST " + keycloakUrl).contains("HTTP 400: Invalid user credentials");
    }

    /**
     * `steward atlas sync` through the launcher, from the real service's catalog snapshot (the
     * launcher fetching the officer's token) into a stub Atlas: the lineage a job reported and a
     * tag a steward confirmed arrive as entities, a Process and a classification; a second sync
     * sends nothing.
     */
    @Test
    void theCatalogReachesAtlasThroughTheBridge() throws Exception {
        String ns = "s3://atlas-" + UUID.randomUUID().toString().substring(0, 8);
        String job = "publish_" + ns.substring(12);
        send("POST", "/api/v1/lineage", token("job"), """
                {"eventType": "COMPLETE", "eventTime": "2026-11-27T10:00:00Z", "producer": "p", "schemaURL": "s",
                 "run": {"runId": "%s"}, "job": {"namespace": "spark", "name": "%s"},
                 "inputs": [{"namespace": "%s", "name": "raw"}],
                 "outputs": [{"namespace": "%s", "name": "customers", "facets": {"schema": {"fields": [
                   {"name": "email", "type": "string"}]}}}]}""".formatted(UUID.randomUUID(), job, ns, ns));
        String found = send("GET", "/api/v1/datasets?namespace=" + ns + "&name=customers", token("officer"), "");
        Matcher dataset = Pattern.compile("\"id\":(\\d+)").matcher(found);
        assertThat(dataset.find()).isTrue();
        String tagged = send("POST", "/api/v1/datasets/" + dataset.group(1) + "/tags", token("steward"),
                "[{\"column\": \"email\", \"entityType\": \"EMAIL_ADDRESS\", \"confidence\": 0.9}]");
        Matcher tag = Pattern.compile("\"tags\":\\[\\{\"id\":(\\d+)").matcher(tagged);
        assertThat(tag.find()).as(tagged).isTrue();
        send("POST", "/api/v1/tags/" + tag.group(1) + "/review", token("steward"), "{\"state\": \"confirmed\"}");

        Path home = java.nio.file.Files.createTempDirectory("steward-home");
        Map<String, String> officer = Map.of("STEWARD_HOME_DIR", home.toString(), "STEWARD_PASSWORD", DEMO_PASSWORD,
                "ATLAS_PASSWORD", "atlas-secret");
        assertThat(run(officer, "login", "--server", serviceUrl, "--user", "officer")).startsWith("Logged in");
        try (io.steward.atlas.FakeAtlas atlas = new io.steward.atlas.FakeAtlas()) {
            String[] sync = {"atlas", "sync", "--url", atlas.url(), "--server", serviceUrl, "--user", "admin",
                    "--state", home.resolve("atlas-state.json").toString()};
            assertThat(run(officer, sync)).startsWith("synced to " + atlas.url() + ": ");
            assertThat(atlas.guids).containsKeys(ns + ":customers", ns + ":customers.email", ns + ":raw",
                    "spark:" + job);
            String email = atlas.guids.get(ns + ":customers.email");
            List<String> classified = atlas.server.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().startsWith("/api/atlas/v2/entity/guid/" + email + "/classifications"))
                    .map(e -> e.getRequest().getBodyAsString()).toList();
            assertThat(classified).singleElement().asString().contains("\"typeName\":\"PII_EMAIL_ADDRESS\"")
                    .contains("\"propagate\":true");
            com.fasterxml.jackson.databind.JsonNode entity = atlas.entities.get("spark:" + job);
            assertThat(entity.path("typeName").asText()).isEqualTo("steward_job");
            assertThat(entity.path("relationshipAttributes").path("inputs").get(0).path("uniqueAttributes")
                    .path("qualifiedName").asText()).isEqualTo(ns + ":raw");

            atlas.server.resetRequests();
            assertThat(run(officer, sync)).contains(" 0 entities written, ").contains("classifications 0 added");
        }
    }

    /**
     * An erase request from a terminal: an officer files and plans it, counts the subject's rows in
     * a cataloged file with Spark, and may not approve her own request.
     */
    @Test
    void anOfficerFilesAnEraseRequestFromTheCliButCannotApproveIt() throws Exception {
        Path home = java.nio.file.Files.createTempDirectory("steward-home");
        Path contacts = home.resolve("contacts.csv");
        java.nio.file.Files.writeString(contacts, "customer_id,email\n1,ann@example.com\n2,bob@example.com\n"
                + "3, ANN@example.com\n");
        String name = "contacts_" + UUID.randomUUID().toString().substring(0, 8);
        String steward = token("steward");
        Matcher created = Pattern.compile("\"id\":(\\d+)").matcher(send("POST", "/api/v1/datasets", steward,
                "{\"namespace\": \"file\", \"name\": \"" + name + "\", \"location\": \"" + contacts
                        + "\", \"format\": \"csv\"}"));
        assertThat(created.find()).isTrue();
        send("PUT", "/api/v1/datasets/" + created.group(1) + "/schema", steward,
                "{\"fields\": [{\"name\": \"customer_id\", \"type\": \"string\"}, {\"name\": \"email\", \"type\": \"string\"}]}");
        send("POST", "/api/v1/datasets/" + created.group(1) + "/tags", steward,
                "[{\"column\": \"email\", \"entityType\": \"EMAIL_ADDRESS\", \"confidence\": 1.0}]");
        String unlocated = "mirror_" + UUID.randomUUID().toString().substring(0, 8);
        Matcher mirror = Pattern.compile("\"id\":(\\d+)").matcher(send("POST", "/api/v1/datasets", steward,
                "{\"namespace\": \"file\", \"name\": \"" + unlocated + "\"}"));
        assertThat(mirror.find()).isTrue();
        send("PUT", "/api/v1/datasets/" + mirror.group(1) + "/schema", steward,
                "{\"fields\": [{\"name\": \"email\", \"type\": \"string\"}]}");
        Map<String, String> officer = Map.of("STEWARD_HOME_DIR", home.toString(), "STEWARD_PASSWORD", DEMO_PASSWORD);
        assertThat(run(officer, "login", "--server", serviceUrl, "--user", "officer")).startsWith("Logged in");
        String filed = run(officer, "erase", "request", "--server", serviceUrl, "--identifier", "email=ann@example.com",
                "--identifier", "customer_id=42", "--legal-basis", "GDPR Art. 17(1)(a)");
        Matcher id = Pattern.compile("^Erase request (\\d+): received \\(due ").matcher(filed);
        assertThat(id.find()).as(filed).isTrue();
        assertThat(filed).contains("subject email = ann@example.com", "subject customer_id = 42", "requested by officer");
        assertThat(run(officer, "erase", "plan", id.group(1), "--server", serviceUrl))
                .startsWith("Erase request " + id.group(1) + ": planned")
                .contains("delete file:" + name + ".email  (email; tag EMAIL_ADDRESS)");
        assertThat(run(officer, "erase", "count", id.group(1), "--server", serviceUrl, "--master", "local[1]"))
                .contains("count  file:" + name + ": 2 of 3 rows");
        // The subject's right of access: the same places, the rows themselves, exported beside a manifest.
        Path report = home.resolve("report");
        assertThat(run(officer, "subject", "report", "--server", serviceUrl, "--identifier", "email=ann@example.com",
                "--out", report.toString(), "--master", "local[1]")).contains(" written to " + report);
        assertThat(java.nio.file.Files.readString(report.resolve("manifest.json")))
                .containsPattern("\"dataset\" : \"file:" + name + "\",\\s+\"columns\" : \\[ \"email\" \\],"
                        + "\\s+\"rows\" : 2,");
        assertThat(run(officer, "erase", "approve", id.group(1), "--server", serviceUrl))
                .startsWith("exit 2: steward erase approve: POST " + serviceUrl + "/api/v1/erase-requests/" + id.group(1)
                        + "/approve: HTTP 403").contains("other than the requester");
        assertThat(run(officer, "erase", "list", "--server", serviceUrl, "--state", "planned"))
                .contains(id.group(1) + "  planned").contains("(customer_id, email)");

        // A second compliance officer approves; the job runner executes it on Spark and the service verifies it.
        Path secondHome = java.nio.file.Files.createTempDirectory("steward-home");
        Map<String, String> second = Map.of("STEWARD_HOME_DIR", secondHome.toString(), "STEWARD_PASSWORD", DEMO_PASSWORD);
        assertThat(run(second, "login", "--server", serviceUrl, "--user", "otto")).startsWith("Logged in");
        assertThat(run(second, "erase", "approve", id.group(1), "--server", serviceUrl))
                .startsWith("Erase request " + id.group(1) + ": approved");
        // The plan reaches a dataset the catalog knows no files of: the run refuses before it rewrites anything.
        Map<String, String> job = Map.of("STEWARD_HOME_DIR", secondHome.toString(), "STEWARD_PASSWORD", DEMO_PASSWORD);
        assertThat(run(job, "login", "--server", serviceUrl, "--user", "job")).startsWith("Logged in");
        String before = java.nio.file.Files.readString(contacts);
        assertThat(run(job, "erase", "run", id.group(1), "--server", serviceUrl, "--master", "local[1]"))
                .startsWith("exit 2: steward erase run: erase request " + id.group(1) + " failed: the catalog has no "
                        + "location and format for [").contains("file:" + unlocated).contains("nothing was erased");
        assertThat(java.nio.file.Files.readString(contacts)).isEqualTo(before);
        assertThat(run(officer, "erase", "show", id.group(1), "--server", serviceUrl))
                .contains("Erase request " + id.group(1) + ": failed - the catalog has no location and format for");
    }

    /**
     * Enforcement in a real Spark read through the launcher: a steward catalogs the sample customers,
     * tags two columns and allows analysts four columns of all but one customer; an analyst's read
     * has no denied column, no tagged value in clear and no row the filter excludes.
     */
    @Test
    void aReadAppliesTheCallersDecisionBeforeAnyRowIsWritten() throws Exception {
        String steward = token("steward");
        String name = "customers_" + UUID.randomUUID().toString().substring(0, 8);
        Path data = Path.of(System.getProperty("steward.test-data"), "data", "customers-pii.csv").toAbsolutePath();
        String created = send("POST", "/api/v1/datasets", steward, "{\"namespace\": \"file\", \"name\": \"" + name
                + "\", \"location\": \"" + data + "\", \"format\": \"csv\", \"classification\": \"confidential\"}");
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created);
        assertThat(id.find()).as(created).isTrue();
        String dataset = "/api/v1/datasets/" + id.group(1);
        send("PUT", dataset + "/schema", steward, "{\"fields\": [" + String.join(", ", List.of("customer_id", "email",
                "phone", "card_number", "iban", "last_login_ip", "app_version", "note").stream()
                .map(c -> "{\"name\": \"" + c + "\", \"type\": \"string\"}").toList()) + "]}");
        send("POST", dataset + "/tags", steward, "[{\"column\": \"email\", \"entityType\": \"EMAIL_ADDRESS\", "
                + "\"confidence\": 1.0}, {\"column\": \"phone\", \"entityType\": \"PHONE_NUMBER\", \"confidence\": 1.0}]");
        send("POST", dataset + "/policies", steward, "{\"principalKind\": \"role\", \"principal\": \"analyst\", "
                + "\"effect\": \"allow\", \"columns\": [\"customer_id\", \"email\", \"phone\", \"app_version\"], "
                + "\"rowFilter\": \"customer_id != 'C0002'\"}");

        Path home = java.nio.file.Files.createTempDirectory("steward-home");
        Map<String, String> analyst = Map.of("STEWARD_HOME_DIR", home.toString(), "STEWARD_PASSWORD", DEMO_PASSWORD,
                "STEWARD_MASKING_KEY", java.util.Base64.getEncoder().encodeToString(
                        "an integration test key, 32 byte".getBytes(StandardCharsets.US_ASCII)));
        assertThat(run(analyst, "login", "--server", serviceUrl, "--user", "analyst")).startsWith("Logged in");
        Path out = home.resolve("read");
        assertThat(run(analyst, "read", "--server", serviceUrl, "--dataset", "file:" + name, "--out", out.toString(),
                "--out-format", "csv", "--master", "local[1]"))
                .startsWith("5 rows of file:" + name + " written to " + out)
                .contains("masked email (HASH), phone (PARTIAL:LAST_4); denied card_number, iban, last_login_ip, note; "
                        + "rows where customer_id != 'C0002'");
        String written;
        try (var files = java.nio.file.Files.list(out)) {
            Path part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            written = java.nio.file.Files.readString(part);
        }
        String original = java.nio.file.Files.readString(data);
        assertThat(written.lines().findFirst()).contains("customer_id,email,phone,app_version");
        assertThat(written).doesNotContain("C0002", "@example", "4111", "DE89", "192.168.1.20", "7946 0958");
        assertThat(original).contains("C0002", "jane.doe@example.com", "4111 1111 1111 1111");
        assertThat(written).containsPattern("C0001,[0-9a-f]{64},");

        assertThat(run(analyst, "read", "--server", serviceUrl, "--dataset", "file:" + name, "--columns",
                "customer_id,card_number", "--out", home.resolve("denied").toString()))
                .isEqualTo("exit 2: steward read: column card_number of file:" + name
                        + " is denied to you: confidential data is denied without a policy");
        assertThat(home.resolve("denied")).doesNotExist();
    }

    /** A job scans a dataset and records its findings in the catalog as tags proposed for review. */
    @Test
    void aScanRecordsProposedTagsInTheCatalog() throws Exception {
        Path home = java.nio.file.Files.createTempDirectory("steward-home");
        Map<String, String> job = Map.of("STEWARD_HOME_DIR", home.toString(), "STEWARD_PASSWORD", DEMO_PASSWORD);
        assertThat(run(job, "login", "--server", serviceUrl, "--user", "job")).startsWith("Logged in");
        String name = "scanned_" + UUID.randomUUID().toString().substring(0, 8);
        Path data = Path.of(System.getProperty("steward.test-data"), "data", "customers-pii.csv").toAbsolutePath();
        assertThat(run(job, "pii", "scan", "--data", data.toString(), "--server", serviceUrl, "--dataset", "file:" + name,
                "--master", "local[1]")).contains("email", "EMAIL_ADDRESS");
        String found = send("GET", "/api/v1/datasets?namespace=file&name=" + name, token("officer"), "");
        assertThat(found).contains("\"location\":\"" + data + "\"", "\"format\":\"csv\"")
                .containsPattern("\"name\":\"email\",\"type\":\"string\",\"position\":1,\"tags\":\\[\\{\"id\":\\d+,"
                        + "\"entityType\":\"EMAIL_ADDRESS\",\"confidence\":1.0,\"source\":\"detected\","
                        + "\"reviewState\":\"proposed\"");
    }

    /** A job checks a dataset with the rulesets the service attaches to it, and the results land there. */
    @Test
    void aCheckUsesTheAttachedRulesetsAndRecordsTheRun() throws Exception {
        String steward = token("steward");
        Path testData = Path.of(System.getProperty("steward.test-data")).toAbsolutePath();
        String name = "orders_" + UUID.randomUUID().toString().substring(0, 8);
        String created = send("POST", "/api/v1/datasets", steward, "{\"namespace\": \"file\", \"name\": \"" + name
                + "\", \"location\": \"" + testData.resolve("data/orders.csv") + "\", \"format\": \"csv\"}");
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created);
        assertThat(id.find()).isTrue();
        String ruleset = "orders-" + name;
        HttpResponse<String> saved = LocalProcesses.HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl
                        + "/api/v1/rulesets/" + ruleset)).header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + steward).PUT(HttpRequest.BodyPublishers.ofString(
                        java.nio.file.Files.readString(testData.resolve("rulesets/orders-check.dqdl")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        send("POST", "/api/v1/rulesets/" + ruleset + "/attachments", steward, "{\"datasetId\": " + id.group(1)
                + ", \"jobNamespace\": \"airflow\", \"jobName\": \"nightly\"}");

        Path home = java.nio.file.Files.createTempDirectory("steward-home");
        Map<String, String> job = Map.of("STEWARD_HOME_DIR", home.toString(), "STEWARD_PASSWORD", DEMO_PASSWORD);
        assertThat(run(job, "login", "--server", serviceUrl, "--user", "job")).startsWith("Logged in");
        // The sample orders hold defects on purpose: the check fails (exit 1) and still records its run.
        assertThat(run(job, "check", "--server", serviceUrl, "--job", "airflow:nightly", "--dataset", "file:" + name,
                "--data", testData.resolve("data/orders.csv").toString(), "--history", home.resolve("history").toString(),
                "--master", "local[1]")).startsWith("exit 1: ");
        String runs = send("GET", "/api/v1/datasets/" + id.group(1) + "/dq-runs", steward, "");
        assertThat(runs).contains("\"rowsTotal\":200", "\"rowsPassed\":194", "\"rowsFailed\":6",
                "\"rule\":\"RowCount between 100 and 100000\",\"outcome\":\"PASS\"");

        // A dynamic rule reads the history the service keeps: nothing before the first run, then that run.
        String dynamic = "dynamic-" + name;
        HttpResponse<String> savedDynamic = LocalProcesses.HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl
                        + "/api/v1/rulesets/" + dynamic)).header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + steward).PUT(HttpRequest.BodyPublishers.ofString(
                        "Rules = [ RowCount >= avg(last(3)) ]")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(savedDynamic.statusCode()).as(savedDynamic.body()).isEqualTo(200);
        send("POST", "/api/v1/rulesets/" + dynamic + "/attachments", steward, "{\"datasetId\": " + id.group(1) + "}");
        assertThat(run(job, "check", "--server", serviceUrl, "--job", "airflow:nightly", "--dataset", "file:" + name,
                "--data", testData.resolve("data/orders.csv").toString(), "--master", "local[1]", "--json"))
                .startsWith("exit 1: ");
        String latest = send("GET", "/api/v1/datasets/" + id.group(1) + "/dq-runs?limit=2", steward, "");
        assertThat(latest).contains("\"ruleset\":\"" + dynamic + "\",\"rulesetVersion\":1",
                "\"rule\":\"RowCount >= avg(last(3))\",\"outcome\":\"PASS\"");
    }

    /**
     * Groups Steward's policies name are created in Keycloak by `steward keycloak sync`; a user
     * who joins one carries it in the token's groups claim, and the group's policy and mask apply.
     * (The officer joins, not the analyst: the other tests decide for the analyst.)
     */
    @Test
    void groupsSyncToKeycloakAndTheirPoliciesApplyToMembers() throws Exception {
        String steward = token("steward");
        String group = "support-" + UUID.randomUUID().toString().substring(0, 6);
        String name = "tickets_" + UUID.randomUUID().toString().substring(0, 8);
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(send("POST", "/api/v1/datasets", steward,
                "{\"namespace\": \"file\", \"name\": \"" + name + "\", \"classification\": \"confidential\"}"));
        assertThat(id.find()).isTrue();
        String dataset = "/api/v1/datasets/" + id.group(1);
        send("PUT", dataset + "/schema", steward, "{\"fields\": [{\"name\": \"email\", \"type\": \"string\"}]}");
        send("POST", dataset + "/tags", steward, "[{\"column\": \"email\", \"entityType\": \"EMAIL_ADDRESS\", "
                + "\"confidence\": 1.0}]");
        send("POST", dataset + "/policies", steward, "{\"principalKind\": \"group\", \"principal\": \"" + group
                + "\", \"effect\": \"allow\"}");
        send("PUT", "/api/v1/tag-masks", steward, "{\"entityType\": \"EMAIL_ADDRESS\", \"principalKind\": \"group\", "
                + "\"principal\": \"" + group + "\", \"transform\": \"CLEAR\"}");
        String decision = "{\"datasetId\": " + id.group(1) + "}";
        assertThat(send("POST", "/api/v1/access/decisions", token("officer"), decision))
                .contains("\"decision\":\"deny\"");

        assertThat(run(Map.of("STEWARD_TOKEN", token("admin"), "STEWARD_KEYCLOAK_ADMIN_PASSWORD", ADMIN_PASSWORD),
                "keycloak", "sync", "--url", keycloakUrl, "--server", serviceUrl)).contains("created in Keycloak: [")
                .contains(group);
        try (Keycloak admin = stack.admin()) {
            var realm = admin.realm(KeycloakBootstrap.REALM);
            String groupId = realm.groups().groups().stream().filter(g -> g.getName().equals(group)).findFirst()
                    .orElseThrow().getId();
            realm.users().get(realm.users().searchByUsername("officer", true).get(0).getId()).joinGroup(groupId);
            assertThat(KeycloakBootstrap.syncGroups(admin, List.of(group))).as("a second sync creates nothing").isEmpty();
        }
        assertThat(send("POST", "/api/v1/access/decisions", token("officer"), decision))
                .contains("\"decision\":\"allow\"").doesNotContain("\"decision\":\"mask\"");
    }

    /** Sends a JSON request with the token; the answer's body, after checking it succeeded. */
    private static String send(String method, String path, String token, String json) throws Exception {
        HttpResponse<String> response = LocalProcesses.HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method(method, json.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 201);
        return response.body();
    }

    private static String run(Map<String, String> environment, String... args) throws Exception {
        return IdentityStack.run(environment, args);
    }

    @Test
    void aForgedTokenIsRefused() throws Exception {
        String[] parts = token("analyst").split("\\.");
        // The same header and signature over a payload that claims the admin role.
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"analyst\"", "\"steward-admin\"");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(call("GET", "/api/v1/datasets", forged, null)).isEqualTo(401);
    }
}

package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
        holdFolder();
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
            CompletableFuture<DemoStory.Prepared> prepared = keep ? null
                    : CompletableFuture.supplyAsync(() -> DemoStory.prepare(dir));
            startStack(stack);
            ObjectNode summary;
            if (keep) {
                summary = (ObjectNode) JSON.readTree(dir.resolve(SUMMARY).toFile());
            } else {
                // The jobs sign in as the demo's job runner, in the demo folder (never in the user's ~/.steward).
                System.setProperty("steward.credentials.home", dir.resolve("users/job").toString());
                problems = new DemoStory(stack, prepared, report, home, dir, spec.commandLine().getErr()).run();
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

    /**
     * One demo per folder at a time: a lock beside the folder, held until this JVM ends. Without it a
     * second demo would take the first one's processes for leftovers and stop them.
     */
    private void holdFolder() throws IOException {
        Path lock = dir.resolveSibling("." + dir.getFileName() + ".lock");
        Files.createDirectories(lock.getParent());
        FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.tryLock() == null) {
            channel.close();
            throw new InputException("another steward demo is running in " + dir + ": stop it first (Ctrl-C), or "
                    + "give this one another --dir");
        }
        // The channel stays open (and the lock held) until the JVM exits.
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
}

package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** `steward purge`: the retention policies the service holds, applied on Spark (or counted, with --dry-run). */
@Command(
        name = "purge",
        mixinStandardHelpOptions = true,
        description = {
                "Apply every retention policy the service holds: in each dataset with one (a local file or folder), the "
                        + "rows whose time column is older than the policy keeps are deleted, or their PII columns "
                        + "emptied; rows whose time cannot be read are kept, and datasets without a policy are never "
                        + "touched. The rewrite is atomic and a killed purge is finished by the next. --dry-run counts "
                        + "what would go and changes nothing. Each run is recorded and audited in the service. Needs "
                        + "`steward login` as a steward, admin or job runner.",
                "",
                "Exit codes: 0 done, 2 usage error or refused."})
final class PurgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The policy service.")
    String server;

    @Option(names = "--dry-run", description = "Count what would be purged; change nothing.")
    boolean dryRun;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Override
    public Integer call() {
        ServiceClient service = new ServiceClient(server);
        List<PurgeJob.Policy> policies = new ArrayList<>();
        for (JsonNode p : service.get("/api/v1/retention")) {
            String location = p.path("location").isTextual() ? p.path("location").asText() : null;
            DataFiles.Format format = DataFiles.cataloged(p.path("format").isTextual() ? p.path("format").asText() : null,
                    location);
            List<String> pii = new ArrayList<>();
            p.path("piiColumns").forEach(c -> pii.add(c.asText()));
            policies.add(new PurgeJob.Policy(p.path("dataset").asText(), location, format, p.path("keepDays").asInt(),
                    p.path("timeColumn").asText(), p.path("action").asText(), pii));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (policies.isEmpty()) {
            out.println("No dataset has a retention policy: nothing to purge.");
            return Steward.OK;
        }
        Progress progress = new Progress(spec.commandLine().getErr());
        List<PurgeJob.Purged> purged = new PurgeJob(master).run(policies, dryRun, Instant.now(), progress);
        progress.done();
        JsonNode run = service.post("/api/v1/retention/runs", Map.of("dryRun", dryRun, "datasets", purged));
        for (PurgeJob.Purged p : purged) {
            out.printf("%s: %s%n", p.dataset(), p.note() != null ? p.note()
                    : (dryRun ? p.affected() + " of " + p.before() + " rows would be purged"
                    : p.affected() + " of " + p.before() + " rows purged, " + p.after() + " left")
                    + " (older than " + p.cutoff() + ")");
        }
        out.printf("Recorded as retention run %d%s.%n", run.path("id").asLong(), dryRun ? " (dry run)" : "");
        return Steward.OK;
    }
}

package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
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
                        + "what would go and changes nothing. Each run is recorded and audited in the service (needs "
                        + "`steward login` as a steward, admin or job runner); the service's daily schedule runs it "
                        + "with --policies and records the run itself.",
                "",
                "Exit codes: 0 done, 2 usage error or refused."})
final class PurgeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the policies come from: the service (which records the run), or a file from the service's scheduler. */
    static final class Source {
        @Option(names = "--server", required = true, paramLabel = "URL",
                description = "The policy service: its policies are applied and the run recorded there.")
        String server;

        @Option(names = "--policies", required = true, paramLabel = "FILE", description = "The policies as the "
                + "service lists them (GET /api/v1/retention), as the service's scheduler passes them; the run is "
                + "printed (with --json), not recorded.")
        Path policies;
    }

    @Option(names = "--dry-run", description = "Count what would be purged; change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the run as JSON: {dryRun, datasets: [{dataset, cutoff, before, "
            + "after, affected, note}]}.")
    boolean json;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Override
    public Integer call() {
        ServiceClient service = source.server == null ? null : new ServiceClient(source.server);
        List<PurgeJob.Policy> policies = policies(service != null ? service.get("/api/v1/retention") : read(source.policies));
        PrintWriter out = spec.commandLine().getOut();
        List<PurgeJob.Purged> purged = List.of();
        if (!policies.isEmpty()) {
            Progress progress = new Progress(spec.commandLine().getErr());
            purged = new PurgeJob(master).run(policies, dryRun, Instant.now(), progress);
            progress.done();
        }
        Map<String, Object> run = Map.of("dryRun", dryRun, "datasets", purged);
        JsonNode recorded = service == null || purged.isEmpty() ? null : service.post("/api/v1/retention/runs", run);
        if (json) {
            out.println(JSON.valueToTree(run).toPrettyString());
            return Steward.OK;
        }
        if (policies.isEmpty()) {
            out.println("No dataset has a retention policy: nothing to purge.");
            return Steward.OK;
        }
        for (PurgeJob.Purged p : purged) {
            out.printf("%s: %s%n", p.dataset(), p.note() != null ? p.note()
                    : (dryRun ? p.affected() + " of " + p.before() + " rows would be purged"
                    : p.affected() + " of " + p.before() + " rows purged, " + p.after() + " left")
                    + " (older than " + p.cutoff() + ")");
        }
        if (recorded != null) {
            out.printf("Recorded as retention run %d%s.%n", recorded.path("id").asLong(), dryRun ? " (dry run)" : "");
        }
        return Steward.OK;
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode policies = JSON.readTree(file.toFile());
            if (policies == null || !policies.isArray()) {
                throw new InputException(file + ": the policies are a JSON array, as GET /api/v1/retention answers");
            }
            return policies;
        } catch (java.io.IOException e) {
            throw new InputException(file + ": cannot read the policies: " + CheckCommand.firstLine(e), e);
        }
    }

    private static List<PurgeJob.Policy> policies(JsonNode listed) {
        List<PurgeJob.Policy> policies = new ArrayList<>();
        for (JsonNode p : listed) {
            String location = p.path("location").isTextual() ? p.path("location").asText() : null;
            DataFiles.Format format = DataFiles.cataloged(p.path("format").isTextual() ? p.path("format").asText() : null,
                    location);
            List<String> pii = new ArrayList<>();
            p.path("piiColumns").forEach(c -> pii.add(c.asText()));
            policies.add(new PurgeJob.Policy(p.path("dataset").asText(), location, format, p.path("keepDays").asInt(),
                    p.path("timeColumn").asText(), p.path("action").asText(), pii));
        }
        return policies;
    }
}

package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/** `steward subject ...`: a data subject's rights beyond erasure. */
@Command(name = "subject", mixinStandardHelpOptions = true, description = "A data subject's right of access.",
        subcommands = {SubjectCommand.Report.class, CommandLine.HelpCommand.class})
final class SubjectCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = {
            "A subject access report (GDPR Art. 15): the service says where data of these identifier kinds can be "
                    + "(PII tags, column names, lineage; the values never leave this machine), then every row holding "
                    + "the subject is read on Spark and written to --out: a folder of JSON lines per dataset and "
                    + "manifest.json (datasets, columns, rows, what could not be read). Needs `steward login` as an "
                    + "admin or compliance officer; keyed masks need --key-file or STEWARD_MASKING_KEY.",
            "",
            "Exit codes: 0 written, 2 usage error, refused, or --out exists."})
    static final class Report implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--server", required = true, paramLabel = "URL", description = "The policy service.")
        String server;

        @Option(names = "--identifier", required = true, paramLabel = "KIND=VALUE",
                description = "How the subject is recognized, e.g. email=ann@example.com (repeatable).")
        List<String> identifiers;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The report folder (must not exist).")
        Path out;

        @picocli.CommandLine.Mixin
        EraseCommand.SparkRun spark;

        @Override
        public Integer call() {
            if (java.nio.file.Files.exists(out)) {
                throw new InputException(out + " exists: a report goes into a new folder");
            }
            ObjectMapper json = new ObjectMapper();
            ObjectNode request = json.createObjectNode();
            ArrayNode ids = request.putArray("identifiers");
            Set<String> kinds = new LinkedHashSet<>();
            for (String identifier : identifiers) {
                int equals = identifier.indexOf('=');
                if (equals < 1) {
                    throw new InputException("--identifier takes KIND=VALUE (email=ann@example.com), found '"
                            + identifier + "'");
                }
                kinds.add(identifier.substring(0, equals));
                ids.addObject().put("kind", identifier.substring(0, equals)).put("value", identifier.substring(equals + 1));
            }
            ServiceClient service = new ServiceClient(server);
            JsonNode located = service.post("/api/v1/subject-access/locate", Map.of("identifierKinds", List.copyOf(kinds)));
            request.set("plan", located);
            request.put("id", 0);
            if (located.isEmpty()) {
                spec.commandLine().getOut().println("No dataset in the catalog can hold identifiers of kinds " + kinds
                        + "; nothing written.");
                return Steward.OK;
            }
            EraseCommand.Planned planned = EraseCommand.Planned.of(service, request);
            Progress progress = new Progress(spec.commandLine().getErr());
            ObjectNode[] manifest = new ObjectNode[1];
            AtomicOutput.write(out, UUID.randomUUID().toString(), dir -> {
                try {
                    java.nio.file.Files.createDirectories(dir);
                } catch (java.io.IOException e) {
                    throw new InputException(dir + ": cannot create: " + e.getMessage(), e);
                }
                manifest[0] = new SubjectReportJob(spark.master, DataOptions.maskingKey(spark.keyFile)).run(planned, dir, progress);
            });
            progress.done();
            long rows = 0;
            for (JsonNode d : manifest[0].path("datasets")) {
                rows += d.path("rows").asLong();
            }
            spec.commandLine().getOut().printf("%d rows of the subject in %d located datasets written to %s (see "
                    + "manifest.json)%n", rows, manifest[0].path("datasets").size(), out);
            return Steward.OK;
        }
    }
}

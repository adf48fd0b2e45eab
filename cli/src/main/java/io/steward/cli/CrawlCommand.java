package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(
        name = "crawl",
        mixinStandardHelpOptions = true,
        description = {
                "Walk a lake folder and find its datasets: a file directly in PATH is a dataset, a folder holding "
                        + "data files or Hive partition folders (key=value/) is one, a folder of folders is walked "
                        + "into. Formats: Parquet, CSV with a header (the delimiter is sniffed: , ; tab |), JSON "
                        + "documents and JSON lines; schemas as Spark infers them, nested structs, arrays and maps "
                        + "included. With --server the policy service registers new datasets and records a new schema "
                        + "version only where the schema changed, as each dataset's schema policy allows (update, "
                        + "additive, freeze); a refused change is audited and reported.",
                "",
                "Exit codes: 0 crawled; 1 a folder could not be made a dataset, or the service refused a schema "
                        + "change; 2 usage or input error."})
final class CrawlCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "The lake folder (or one dataset's folder or file).")
    Path root;

    @Option(names = "--server", paramLabel = "URL", description = "Register what was found in this policy service "
            + "(needs `steward login`).")
    String server;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "file", description = "The datasets' namespace; "
            + "their names are their absolute paths, as OpenLineage names files (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--json", description = "Print JSON: without --server the crawl {root, datasets: [{namespace, name, "
            + "location, format, delimiter, partitionKeys, partitions, files, bytes, sampled, fields: [{name, type}]}], "
            + "problems: [{location, message}]}; with --server the service's answer {datasets: [{id, namespace, name, "
            + "action, version, policy, diff, breaking, message}]}.")
    boolean json;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master (default: ${DEFAULT-VALUE}, this machine).")
    String master;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lake.Crawl crawl = Lake.crawl(root);
        Progress progress = new Progress(err);
        List<CrawlJob.Crawled> crawled;
        try {
            crawled = new CrawlJob(master).schemas(crawl.datasets(), progress);
        } finally {
            progress.done();
        }
        ObjectNode report = report(crawl, crawled);
        crawl.problems().forEach(p -> err.println("steward crawl: " + p.location() + ": " + p.message()));
        boolean refused = false;
        if (server != null) {
            JsonNode answer = new ServiceClient(server).post("/api/v1/crawls", report);
            refused = answer.path("datasets").findValuesAsText("action").contains("refused");
            if (json) {
                out.println(answer);
            } else {
                printAnswer(out, answer);
            }
        } else if (json) {
            out.println(report);
        } else {
            printFound(out, report);
        }
        return crawl.problems().isEmpty() && !refused ? Steward.OK : Steward.FAILED;
    }

    private ObjectNode report(Lake.Crawl crawl, List<CrawlJob.Crawled> crawled) {
        ObjectNode report = JSON.createObjectNode();
        report.put("root", root.toAbsolutePath().normalize().toString());
        ArrayNode datasets = report.putArray("datasets");
        for (CrawlJob.Crawled dataset : crawled) {
            Lake.Found found = dataset.found();
            ObjectNode node = datasets.addObject();
            node.put("namespace", namespace);
            node.put("name", found.location().toString());
            node.put("location", found.location().toString());
            node.put("format", found.format().name().toLowerCase(Locale.ROOT));
            Lake.separator(found).ifPresent(sep -> node.put("delimiter", sep));
            found.partitionKeys().forEach(node.putArray("partitionKeys")::add);
            node.put("partitions", found.partitions());
            node.put("files", found.files());
            node.put("bytes", found.bytes());
            node.put("sampled", dataset.sampled());
            ArrayNode fields = node.putArray("fields");
            dataset.fields().forEach(f -> fields.addObject().put("name", f.name()).put("type", f.type()));
        }
        ArrayNode problems = report.putArray("problems");
        crawl.problems().forEach(p -> problems.addObject().put("location", p.location().toString())
                .put("message", p.message()));
        return report;
    }

    private static void printFound(PrintWriter out, JsonNode report) {
        for (JsonNode dataset : report.path("datasets")) {
            out.printf("%s  %s%s, %d file(s)%s%n", dataset.path("name").asText(), dataset.path("format").asText(),
                    dataset.has("delimiter") ? " (delimiter '" + dataset.path("delimiter").asText() + "')" : "",
                    dataset.path("files").asInt(), dataset.path("partitionKeys").isEmpty() ? ""
                            : ", " + dataset.path("partitions").asInt() + " partition(s) by "
                            + String.join(", ", texts(dataset.path("partitionKeys"))));
            for (JsonNode field : dataset.path("fields")) {
                out.printf("    %-24s %s%n", field.path("name").asText(), field.path("type").asText());
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static void printAnswer(PrintWriter out, JsonNode answer) {
        for (JsonNode dataset : answer.path("datasets")) {
            out.printf("%-9s %s:%s  v%d (policy %s)%s%s%n", dataset.path("action").asText().toUpperCase(Locale.ROOT),
                    dataset.path("namespace").asText(), dataset.path("name").asText(), dataset.path("version").asInt(),
                    dataset.path("policy").asText(), dataset.path("breaking").asBoolean() ? " BREAKING" : "",
                    dataset.hasNonNull("message") ? ": " + dataset.path("message").asText() : "");
        }
    }
}

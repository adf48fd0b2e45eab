package io.steward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.pii.ColumnClassification;
import io.steward.pii.ColumnClassifier;
import io.steward.pii.EntityShare;
import io.steward.pii.PiiAnalyzer;
import io.steward.pii.spark.SparkPiiScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

@Command(
        name = "scan",
        mixinStandardHelpOptions = true,
        description = {
                "Classify the columns of a dataset by the personal data they hold: a column is tagged with an "
                        + "entity type when at least --threshold of its non-null values (in the sample) hold one, with the"
                        + " mean score of those findings. Every span found can be written as JSON lines with --findings.",
                "",
                "Exit codes: 0 scanned, 2 usage or input error."})
final class PiiScanCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions input;

    @Option(names = "--json", description = "Print {\"columns\":[{\"name\",\"entities\":[{\"type\",\"fraction\",\"score\"}]}]}.")
    boolean json;

    @Option(names = "--findings", paramLabel = "OUT.jsonl", description = "Write every span found, one JSON per "
            + "line: {\"row\",\"column\",\"type\",\"start\",\"end\",\"score\"} (row 0-based in the scanned rows, end exclusive).")
    Path findings;

    @Mixin
    ScanOptions scan;

    @Option(names = "--server", paramLabel = "URL", description = "Record the findings in this policy service's "
            + "catalog as proposed tags for review (needs `steward login` and --dataset).")
    String server;

    @Option(names = "--dataset", paramLabel = "NAMESPACE:NAME", description = "The dataset's name in the catalog, "
            + "e.g. s3://lake:sales.orders (registered with --data as its location if new).")
    String dataset;

    @Override
    public Integer call() {
        scan.validate();
        if ((server == null) != (dataset == null)) {
            throw new InputException("--server and --dataset go together");
        }
        DataFiles.Format dataFormat = input.resolvedFormat();
        Progress progress = new Progress(spec.commandLine().getErr());
        try {
            JobLineage lineage = JobLineage.to(server, "pii scan", spec.commandLine().getErr());
            SparkPiiScan.Sample sample = new PiiScanJob(input.data, dataFormat, scan, input.master, lineage)
                    .sample(progress);
            progress.show("classifying " + sample.columns().size() + " columns of " + sample.rowCount() + " rows");
            ColumnClassifier classifier = new ColumnClassifier(PiiAnalyzer.standard(), scan.threshold,
                    ColumnClassifier.DEFAULT_MINIMUM_SCORE);
            // Columns are classified in parallel; each column's spans come from one thread.
            Map<String, List<ColumnClassifier.SpanFinding>> spans = new ConcurrentHashMap<>();
            List<ColumnClassification> columns = SparkPiiScan.classify(sample, classifier, findings == null
                    ? span -> { } : span -> spans.computeIfAbsent(span.column(), c -> new ArrayList<>()).add(span));
            if (findings != null) {
                writeFindings(columns, spans);
            }
            lineage.complete(List.of(JobLineage.pii(input.data, columns)), List.of(), java.util.Optional.empty());
            if (server != null) {
                progress.show("recording tags in " + server);
                int proposed = new TagRecorder(new ServiceClient(server)).record(dataset, input.data, dataFormat,
                        sample.types(), columns);
                spec.commandLine().getErr().println("steward pii scan: " + proposed + " tag(s) proposed for review on "
                        + dataset + " at " + server);
            }
            progress.done();
            print(spec.commandLine().getOut(), columns);
            return Steward.OK;
        } finally {
            progress.done();
        }
    }

    /** Every span, column by column in row order; the file appears only when complete. */
    private void writeFindings(List<ColumnClassification> columns, Map<String, List<ColumnClassifier.SpanFinding>> spans) {
        AtomicOutput.writeFile(findings, out -> {
            for (ColumnClassification column : columns) {
                for (ColumnClassifier.SpanFinding span : spans.getOrDefault(column.column(), List.of())) {
                    ObjectNode line = JSON.createObjectNode();
                    line.put("row", span.row());
                    line.put("column", span.column());
                    line.put("type", span.finding().type().name());
                    line.put("start", span.finding().start());
                    line.put("end", span.finding().end());
                    line.put("score", span.finding().score());
                    out.write(line + "\n");
                }
            }
        });
    }

    private void print(PrintWriter out, List<ColumnClassification> columns) {
        if (json) {
            ObjectNode node = JSON.createObjectNode();
            ArrayNode array = node.putArray("columns");
            for (ColumnClassification column : columns) {
                ObjectNode c = array.addObject().put("name", column.column());
                ArrayNode entities = c.putArray("entities");
                for (EntityShare share : column.entities()) {
                    entities.addObject().put("type", share.type().name()).put("fraction", share.fraction())
                            .put("score", share.score());
                }
            }
            out.println(node);
            return;
        }
        int width = Math.max(6, columns.stream().mapToInt(c -> c.column().length()).max().orElse(6));
        out.printf("%-" + width + "s  %-18s %8s %6s%n", "COLUMN", "TYPE", "FRACTION", "SCORE");
        for (ColumnClassification column : columns) {
            if (column.entities().isEmpty()) {
                out.printf("%-" + width + "s  %-18s%n", column.column(), "-");
            }
            for (EntityShare share : column.entities()) {
                out.printf(Locale.ROOT, "%-" + width + "s  %-18s %8.3f %6.2f%n", column.column(), share.type(),
                        share.fraction(), share.score());
            }
        }
    }
}

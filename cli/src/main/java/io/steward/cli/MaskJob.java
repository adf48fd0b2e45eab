package io.steward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.masking.MaskingKey;
import io.steward.masking.MaskingPlan;
import io.steward.masking.MaskingPolicy;
import io.steward.masking.SparkMasking;
import io.steward.masking.Transform;
import io.steward.pii.ColumnClassification;
import io.steward.pii.ColumnClassifier;
import io.steward.pii.PiiAnalyzer;
import io.steward.pii.spark.SparkPiiScan;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Spark side of `steward mask`: scan when the policy needs it, plan, and write the masked copy
 * with its sidecar into a hidden folder that is renamed into place only when complete.
 */
record MaskJob(Path data, DataFiles.Format format, Path out, DataFiles.Format outFormat, MaskingPolicy policy,
               Optional<MaskingKey> key, ScanOptions scan, String master, JobLineage lineage) {

    /** The sidecar's name: Spark and most readers skip files starting with '_'. */
    static final String SIDECAR = "_steward_masking.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Written(List<MaskingPlan.ColumnMask> plan, List<String> columns, long rows, Optional<String> keyId,
                   String sidecar) {
    }

    Written run(Progress progress) {
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward mask", master);
        lineage.attach(spark);
        Dataset<Row> dataset = DataFiles.read(spark, data, format);
        List<String> columns = Arrays.asList(dataset.columns());
        Map<String, ColumnClassification> scanned = new LinkedHashMap<>();
        if (policy.needsScan()) {
            progress.show("scanning " + data + " for personal data");
            SparkPiiScan.Sample sample = SparkPiiScan.sample(dataset, scan.sampling());
            ColumnClassifier classifier = new ColumnClassifier(PiiAnalyzer.standard(), scan.threshold,
                    ColumnClassifier.DEFAULT_MINIMUM_SCORE);
            SparkPiiScan.classify(sample, classifier, span -> { }).forEach(c -> scanned.put(c.column(), c));
        }
        List<MaskingPlan.ColumnMask> plan;
        try {
            plan = MaskingPlan.plan(columns, scanned, policy, key);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), e);
        }
        Map<String, MaskingPlan.ColumnMask> byColumn = new LinkedHashMap<>();
        plan.forEach(mask -> byColumn.put(mask.column(), mask));
        Column[] projection = columns.stream().map(name -> {
            MaskingPlan.ColumnMask mask = byColumn.get(name);
            Column column = dataset.col(quoted(name));
            if (mask == null) {
                return column;
            }
            Column masked = mask.mode() == MaskingPlan.Mode.VALUE
                    ? SparkMasking.mask(mask.transform().orElseThrow(), column)
                    : SparkMasking.maskSpans(mask.spans().orElseThrow(), column);
            return masked.as(name);
        }).toArray(Column[]::new);

        Optional<String> keyId = plan.stream().flatMap(m -> m.transform().stream())
                .anyMatch(t -> t instanceof Transform.Hash || t instanceof Transform.Tokenize)
                ? key.map(MaskingKey::id) : Optional.empty();
        progress.show("writing the masked copy to " + out);
        Dataset<Row> masked = dataset.select(projection);
        String runId = UUID.randomUUID().toString();
        long[] rows = new long[1];
        String[] sidecar = new String[1];
        AtomicOutput.write(out, runId, dir -> {
            try {
                DataFiles.write(masked, dir, outFormat);
            } catch (Exception e) { // Spark wraps the transform's failure in a checked SparkException
                throw new InputException(out + ": nothing written: " + rootCause(e), e);
            }
            rows[0] = DataFiles.countWritten(spark, dir, outFormat);
            sidecar[0] = sidecar(plan, columns, keyId, rows[0], runId);
            try {
                Files.writeString(dir.resolve(SIDECAR), sidecar[0] + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new Written(plan, columns, rows[0], keyId, sidecar[0]);
    }

    /** The innermost message: Spark wraps a UDF's failure in several layers of its own. */
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return CheckCommand.firstLine(cause);
    }

    /** Spark resolves "a.b" as a struct field; backticks name the column itself. */
    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private String sidecar(List<MaskingPlan.ColumnMask> plan, List<String> columns, Optional<String> keyId, long rows,
                           String runId) {
        ObjectNode node = JSON.createObjectNode();
        node.put("source", data.toString());
        node.put("format", outFormat.name().toLowerCase(java.util.Locale.ROOT));
        node.put("runId", runId);
        node.put("createdAt", Instant.now().toString());
        node.put("rows", rows);
        keyId.ifPresentOrElse(id -> node.put("keyId", id), () -> node.putNull("keyId"));
        ArrayNode masked = node.putArray("columns");
        for (MaskingPlan.ColumnMask mask : plan) {
            ObjectNode c = masked.addObject();
            c.put("name", mask.column());
            c.put("mode", mask.mode().name());
            c.put("transform", mask.describe());
            ArrayNode types = c.putArray("types");
            mask.types().forEach(t -> types.add(t.name()));
            c.put("reason", mask.reason());
        }
        ArrayNode unmasked = node.putArray("unmasked");
        columns.stream().filter(c -> plan.stream().noneMatch(m -> m.column().equals(c))).forEach(unmasked::add);
        return node.toString();
    }
}

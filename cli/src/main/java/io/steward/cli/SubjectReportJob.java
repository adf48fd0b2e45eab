package io.steward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.masking.MaskingKey;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Spark side of `steward subject report` (a subject access request, GDPR Art. 15): every row
 * of every located dataset that holds the subject, exported as JSON lines, one folder per
 * dataset, with a manifest of what was found where and what could not be read.
 */
record SubjectReportJob(String master, Optional<MaskingKey> key) {

    /** Writes the report into {@code dir}; returns the manifest (also written there as manifest.json). */
    ObjectNode run(EraseCommand.Planned planned, Path dir, Progress progress) {
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward subject report", master);
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = json.createObjectNode();
        manifest.putPOJO("identifierKinds", planned.identifiers().keySet());
        ArrayNode datasets = manifest.putArray("datasets");
        int n = 0;
        for (EraseCommand.Planned.PlannedDataset located : planned.datasets()) {
            ObjectNode entry = datasets.addObject().put("dataset", located.dataset());
            ArrayNode columns = entry.putArray("columns");
            located.targets().forEach(t -> columns.add(t.column() + (t.masked() == null ? "" : " (masked by " + t.masked()
                    + ")")));
            if (located.location() == null || located.format() == null) {
                entry.put("note", "the catalog has no location and format for it: not exported");
                continue;
            }
            progress.show("reading " + located.dataset());
            Dataset<Row> data;
            try {
                data = DataFiles.readVerbatim(spark, located.location(), located.format());
            } catch (InputException e) {
                entry.put("note", e.getMessage());
                continue;
            }
            ErasePredicate.Match match = ErasePredicate.of(data, located.targets(), planned.identifiers(), key);
            if (!match.notes().isEmpty()) {
                entry.put("note", String.join("; ", match.notes()));
            }
            String folder = String.format("%03d-%s", ++n, located.dataset().replaceAll("[^A-Za-z0-9._-]+", "_"));
            Dataset<Row> rows = data.filter(match.condition()).coalesce(1);
            rows.write().json(dir.resolve(folder).toString());
            entry.put("rows", spark.read().json(dir.resolve(folder).toString()).count()).put("folder", folder);
        }
        try {
            Files.writeString(dir.resolve("manifest.json"), manifest.toPrettyString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return manifest;
    }
}

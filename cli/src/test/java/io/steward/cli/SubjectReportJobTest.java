package io.steward.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.masking.MaskingKey;
import io.steward.masking.Transform;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A subject access report on real files: every row holding the subject, clear or keyed-hashed, and nothing else. */
class SubjectReportJobTest {

    private static final MaskingKey KEY = MaskingKey.of("report-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path directory;

    @Test
    void exportsEveryRowOfTheSubjectWithAManifest() throws IOException {
        Path customers = directory.resolve("customers.csv");
        Files.writeString(customers, "id,email\n1,ann@example.com\n2,bob@example.com\n3,ANN@example.com\n");
        Path shared = directory.resolve("shared.csv");
        Files.writeString(shared, "email_hash,amount\n" + new Transform.Hash(KEY).apply("ann@example.com") + ",10\nx,20\n");
        EraseCommand.Planned planned = new EraseCommand.Planned(Map.of("email", List.of("ann@example.com")), List.of(
                new EraseCommand.Planned.PlannedDataset("file:customers", customers.toString(), DataFiles.Format.CSV,
                        "delete", List.of(new ErasePredicate.Target("email", "email", null))),
                new EraseCommand.Planned.PlannedDataset("file:shared", shared.toString(), DataFiles.Format.CSV, "delete",
                        List.of(new ErasePredicate.Target("email_hash", "email", "HASH"))),
                new EraseCommand.Planned.PlannedDataset("s3://lake:elsewhere", null, null, "delete",
                        List.of(new ErasePredicate.Target("email", "email", null)))));
        Path out = directory.resolve("report");
        Files.createDirectories(out);

        ObjectNode manifest = new SubjectReportJob("local[2]", Optional.of(KEY)).run(planned, out,
                new Progress(new PrintWriter(new StringWriter())));

        assertThat(manifest.path("datasets").get(0).path("rows").asLong()).isEqualTo(2);
        assertThat(manifest.path("datasets").get(1).path("rows").asLong()).isEqualTo(1);
        assertThat(manifest.path("datasets").get(2).path("note").asText()).contains("not exported");
        assertThat(SparkSessions.create("steward-tests", "local[2]").read()
                .json(out.resolve(manifest.path("datasets").get(0).path("folder").asText()).toString())
                .collectAsList().stream().map(Row::toString).sorted().toList())
                .containsExactly("[ANN@example.com,3]", "[ann@example.com,1]");
        assertThat(Files.readString(out.resolve("manifest.json"))).contains("\"file:shared\"");
    }
}

package io.steward.cli;

import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention purges on real files with a local Spark, at a fixed "now": exact expected counts. */
class PurgeJobTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final String EVENTS = """
            id,email,seen_at
            1,ann@example.com,2026-01-10T08:00:00Z
            2,bob@example.com,2026-11-20T08:00:00Z
            3,carol@example.com,2025-12-31
            4,dave@example.com,not a time
            5,erin@example.com,2026-11-27T11:00:00Z
            """;

    @TempDir
    Path directory;

    private List<String> rows(Path file) {
        return DataFiles.readVerbatim(SparkSessions.create("steward-tests", "local[2]"), file.toString(),
                DataFiles.Format.CSV).collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private List<PurgeJob.Purged> purge(Path file, String action, boolean dryRun) {
        return new PurgeJob("local[2]").run(List.of(new PurgeJob.Policy("file:events", file.toString(),
                DataFiles.Format.CSV, 90, "seen_at", action, List.of("email"))), dryRun, NOW,
                new Progress(new PrintWriter(new StringWriter())));
    }

    @Test
    void deletesRowsOlderThanThePolicyKeepsAndKeepsRowsWithoutAReadableTime() throws IOException {
        Path file = directory.resolve("events.csv");
        Files.writeString(file, EVENTS);

        assertThat(purge(file, "delete", true)).containsExactly(
                new PurgeJob.Purged("file:events", "2026-08-29T12:00:00Z", 5, 5, 2, null));
        assertThat(Files.readString(file)).isEqualTo(EVENTS);

        assertThat(purge(file, "delete", false)).containsExactly(
                new PurgeJob.Purged("file:events", "2026-08-29T12:00:00Z", 5, 3, 2, null));
        assertThat(rows(file)).containsExactly("[2,bob@example.com,2026-11-20T08:00:00Z]",
                "[4,dave@example.com,not a time]", "[5,erin@example.com,2026-11-27T11:00:00Z]");
        assertThat(purge(file, "delete", false).get(0).affected()).isZero();
    }

    @Test
    void nullifiesThePiiOfOldRowsWhereRowsStay() throws IOException {
        Path file = directory.resolve("events.csv");
        Files.writeString(file, EVENTS);

        assertThat(purge(file, "nullify", false)).containsExactly(
                new PurgeJob.Purged("file:events", "2026-08-29T12:00:00Z", 5, 5, 2, null));
        assertThat(rows(file)).containsExactly("[1,null,2026-01-10T08:00:00Z]", "[2,bob@example.com,2026-11-20T08:00:00Z]",
                "[3,null,2025-12-31]", "[4,dave@example.com,not a time]", "[5,erin@example.com,2026-11-27T11:00:00Z]");
    }
}

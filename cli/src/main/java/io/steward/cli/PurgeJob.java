package io.steward.cli;

import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

/**
 * The Spark side of `steward purge` (storage limitation): for each dataset with a retention policy,
 * the rows whose time column is older than the policy keeps are deleted, or their PII columns
 * emptied, through the same atomic, resumable swap as an erase; a row whose time cannot be read is
 * kept (nothing is purged on a guess). A dry run counts and changes nothing.
 */
record PurgeJob(String master) {

    /** A dataset's policy as the service lists it. */
    record Policy(String dataset, String location, DataFiles.Format format, int keepDays, String timeColumn,
                  String action, List<String> piiColumns) {
    }

    /** What the purge did (or would do) to one dataset; a note where it could not. */
    record Purged(String dataset, String cutoff, long before, long after, long affected, String note) {
    }

    List<Purged> run(List<Policy> policies, boolean dryRun, Instant now, Progress progress) {
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward purge", master);
        List<Purged> purged = new ArrayList<>();
        for (Policy policy : policies) {
            Instant cutoff = now.minus(policy.keepDays(), ChronoUnit.DAYS);
            java.util.Optional<Path> local = DataFiles.localPath(policy.location());
            if (local.isEmpty() || policy.format() == null) {
                purged.add(new Purged(policy.dataset(), cutoff.toString(), 0, 0, 0,
                        "not purged: only local files and folders with a location and format in the catalog"));
                continue;
            }
            progress.show((dryRun ? "counting " : "purging ") + policy.dataset());
            Path path = local.get();
            EraseSwap swap = new EraseSwap(path);
            swap.recover(); // a purge or erase killed midway is finished first, dry run or not
            Dataset<Row> data;
            try {
                data = DataFiles.readVerbatim(spark, path.toString(), policy.format());
            } catch (InputException e) {
                // A dataset that cannot be read (moved, deleted) must not stop the purge of the others.
                purged.add(new Purged(policy.dataset(), cutoff.toString(), 0, 0, 0, "not purged: " + e.getMessage()));
                continue;
            }
            Set<String> columns = Set.of(data.columns());
            if (!columns.contains(policy.timeColumn())) {
                purged.add(new Purged(policy.dataset(), cutoff.toString(), 0, 0, 0,
                        "not purged: the data has no column " + policy.timeColumn()));
                continue;
            }
            Column expired = coalesce(to_timestamp(col(quoted(policy.timeColumn())).cast("string"))
                    .lt(lit(Timestamp.from(cutoff))), lit(false));
            List<String> pii = policy.piiColumns().stream().filter(columns::contains).toList();
            Row counts = data.agg(count(lit(1)), sum(when(expired, 1).otherwise(0))).first();
            long before = counts.getLong(0);
            long affected = counts.isNullAt(1) ? 0 : counts.getLong(1);
            if ("nullify".equals(policy.action()) && pii.isEmpty()) {
                purged.add(new Purged(policy.dataset(), cutoff.toString(), before, before, 0,
                        "nothing to empty: no PII columns are tagged"));
                continue;
            }
            if (dryRun || affected == 0) {
                purged.add(new Purged(policy.dataset(), cutoff.toString(), before, before, affected, null));
                continue;
            }
            swap.replaceWith("delete".equals(policy.action()) ? data.filter(not(expired)) : emptied(data, pii, expired),
                    policy.format());
            long after = DataFiles.readVerbatim(spark, path.toString(), policy.format()).count();
            purged.add(new Purged(policy.dataset(), cutoff.toString(), before, after, affected, null));
        }
        return purged;
    }

    private static Dataset<Row> emptied(Dataset<Row> data, List<String> pii, Column expired) {
        Set<String> emptied = pii.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<Column> columns = new ArrayList<>();
        for (StructField field : data.schema().fields()) {
            Column column = col(quoted(field.name()));
            columns.add(emptied.contains(field.name().toLowerCase(Locale.ROOT))
                    ? when(expired, lit(null).cast(field.dataType())).otherwise(column).as(field.name()) : column);
        }
        return data.select(columns.toArray(Column[]::new));
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}

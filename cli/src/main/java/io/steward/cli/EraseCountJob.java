package io.steward.cli;

import io.steward.masking.MaskingKey;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The dry run of an erase plan (`steward erase count`): for each planned dataset, its rows and
 * how many of them hold the subject, in one pass over the data each (a PostgreSQL table in a
 * read-only transaction); nothing is written.
 */
record EraseCountJob(String master, Optional<MaskingKey> key) {

    /** A planned dataset: where it is (null when the catalog does not say) and the columns to look at. */
    record Planned(String dataset, String location, DataFiles.Format format, List<ErasePredicate.Target> targets) {
    }

    /** The count as the service records it: rows and matching rows, or null counts and a note. */
    record Counted(String dataset, Long rows, Long matching, String note) {
    }

    List<Counted> run(List<Planned> datasets, Map<String, List<String>> identifiers, Progress progress) {
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward erase count", master);
        List<Counted> counted = new ArrayList<>();
        for (Planned planned : datasets) {
            if (JdbcErase.handles(planned.dataset())) {
                progress.show("counting " + planned.dataset());
                String[] name = ServiceClient.splitName(planned.dataset(), "the plan's dataset");
                counted.add(JdbcErase.count(planned.dataset(), name[0], name[1], planned.targets(), identifiers, key));
                continue;
            }
            if (planned.location() == null || planned.format() == null) {
                counted.add(new Counted(planned.dataset(), null, null,
                        "the catalog has no location and format for it"));
                continue;
            }
            progress.show("counting " + planned.dataset());
            Dataset<Row> data;
            try {
                data = DataFiles.readVerbatim(spark, planned.location(), planned.format()); // as the rewrite reads it
            } catch (InputException e) { // one unreadable dataset is reported; the others are still counted
                counted.add(new Counted(planned.dataset(), null, null, e.getMessage()));
                continue;
            }
            ErasePredicate.Match match = ErasePredicate.of(data, planned.targets(), identifiers, key);
            Row row = data.agg(count(lit(1)), sum(when(match.condition(), 1).otherwise(0))).first();
            long rows = row.getLong(0);
            long matching = row.isNullAt(1) ? 0 : row.getLong(1);
            counted.add(new Counted(planned.dataset(), rows, matching,
                    match.notes().isEmpty() ? null : String.join("; ", match.notes())));
        }
        return counted;
    }
}

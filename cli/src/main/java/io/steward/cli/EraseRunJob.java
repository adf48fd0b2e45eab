package io.steward.cli;

import io.steward.masking.MaskingKey;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.util.Optional;
import java.util.function.Consumer;

/** The Spark side of `steward erase run` (apart from the command, as CheckJob explains): one rewrite per planned dataset. */
final class EraseRunJob {

    private EraseRunJob() {
    }

    /** Erases the subject from every planned dataset, handing each result over as it is done. */
    static void run(String master, Optional<MaskingKey> key, EraseCommand.Planned planned, String tag, Progress progress,
                    Consumer<EraseRewrite.Erased> done) {
        // Every planned dataset must be reachable before any is rewritten: an erase that stops halfway
        // for a reason known at the start would leave the subject in some datasets and not in others.
        java.util.List<String> unreachable = planned.datasets().stream()
                .filter(d -> d.location() == null || d.format() == null).map(EraseCommand.Planned.PlannedDataset::dataset)
                .toList();
        if (!unreachable.isEmpty()) {
            throw new InputException("the catalog has no location and format for " + unreachable
                    + "; nothing was erased");
        }
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward erase run", master);
        EraseRewrite rewrite = new EraseRewrite(spark, key);
        for (EraseCommand.Planned.PlannedDataset dataset : planned.datasets()) {
            progress.show("erasing from " + dataset.dataset());
            done.accept(rewrite.erase(dataset.dataset(), dataset.location(), dataset.format(), dataset.action(),
                    dataset.targets(), planned.identifiers(), tag));
        }
    }
}

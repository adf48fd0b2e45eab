package io.steward.cli;

import io.steward.masking.MaskingKey;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The Spark side of `steward erase run` (apart from the command, as CheckJob explains): one rewrite per dataset. */
final class EraseRunJob {

    private EraseRunJob() {
    }

    /**
     * Erases the subjects of the requests (by id) from every dataset any of their plans names, one
     * rewrite per dataset for the whole batch, handing each dataset's result over as it is done.
     */
    static void run(String master, Optional<MaskingKey> key, Map<String, EraseCommand.Planned> requests,
                    Progress progress, Consumer<EraseRewrite.Erased> done) {
        Map<String, EraseCommand.Planned.PlannedDataset> datasets = new LinkedHashMap<>();
        Map<String, List<EraseRewrite.Subject>> subjects = new LinkedHashMap<>();
        requests.forEach((id, planned) -> planned.datasets().forEach(d -> {
            EraseCommand.Planned.PlannedDataset first = datasets.putIfAbsent(d.dataset(), d);
            if (first != null && !first.action().equals(d.action())) {
                throw new InputException(d.dataset() + ": the plans of this batch disagree on its action (" + first.action()
                        + ", " + d.action() + "): plan the requests again; nothing was erased");
            }
            subjects.computeIfAbsent(d.dataset(), x -> new ArrayList<>())
                    .add(new EraseRewrite.Subject(id, d.targets(), planned.identifiers()));
        }));
        // Every planned dataset must be reachable before any is rewritten: an erase that stops halfway
        // for a reason known at the start would leave the subject in some datasets and not in others.
        List<String> unreachable = datasets.values().stream().filter(d -> !inPostgres(d)
                        && (d.location() == null || d.format() == null))
                .map(EraseCommand.Planned.PlannedDataset::dataset).toList();
        if (!unreachable.isEmpty()) {
            throw new InputException("the catalog has no location and format for " + unreachable
                    + "; nothing was erased");
        }
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward erase run", master);
        EraseRewrite rewrite = new EraseRewrite(spark, key);
        for (EraseCommand.Planned.PlannedDataset dataset : datasets.values()) {
            progress.show("erasing from " + dataset.dataset());
            if (inPostgres(dataset)) {
                String[] name = ServiceClient.splitName(dataset.dataset(), "the plan's dataset");
                done.accept(JdbcErase.erase(dataset.dataset(), name[0], name[1], dataset.action(),
                        subjects.get(dataset.dataset()), key));
            } else {
                done.accept(rewrite.erase(dataset.dataset(), dataset.location(), dataset.format(), dataset.action(),
                        subjects.get(dataset.dataset())));
            }
        }
    }

    /** A PostgreSQL table (OpenLineage's postgres://HOST:PORT namespace): erased over JDBC, not rewritten. */
    private static boolean inPostgres(EraseCommand.Planned.PlannedDataset dataset) {
        return JdbcErase.handles(dataset.dataset());
    }
}

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
     * Each rewrite is an OpenLineage run of its own (job "erase NAMESPACE:NAME", reading and writing
     * the dataset), COMPLETE with what it did or FAIL with why, sent to the lineage target (asked
     * for each rewrite: a long run outlives a token).
     */
    static void run(String master, Optional<MaskingKey> key, Map<String, EraseCommand.Planned> requests,
                    java.util.function.Supplier<JobLineage.Target> lineage, java.io.PrintWriter warnings, Progress progress,
                    Consumer<EraseRewrite.Erased> done) {
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
        // A run killed midway is finished first: until then a dataset may be set aside, its format unknown.
        datasets.replaceAll((name, dataset) -> recovered(dataset));
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
            List<EraseRewrite.Subject> batch = subjects.get(dataset.dataset());
            String[] name = ServiceClient.splitName(dataset.dataset(), "the plan's dataset");
            JobLineage run = JobLineage.to(lineage.get(), "erase " + dataset.dataset(), warnings);
            EraseRewrite.Erased erased;
            try {
                erased = inPostgres(dataset)
                        ? JdbcErase.erase(dataset.dataset(), name[0], name[1], dataset.action(), batch, key)
                        : rewrite.erase(dataset.dataset(), dataset.location(), dataset.format(), dataset.action(), batch);
            } catch (RuntimeException e) {
                run.complete(List.of(JobLineage.dataset(name[0], name[1])), List.of(),
                        Optional.of(String.valueOf(e.getMessage())));
                throw e;
            }
            run.complete(List.of(JobLineage.dataset(name[0], name[1])), List.of(JobLineage.erased(name[0], name[1],
                    batch.stream().map(EraseRewrite.Subject::key).toList(), erased)), Optional.empty());
            done.accept(erased);
        }
    }

    /** The dataset once what a killed erase or purge left there is finished or undone, its format known if it can be. */
    private static EraseCommand.Planned.PlannedDataset recovered(EraseCommand.Planned.PlannedDataset dataset) {
        java.util.Optional<java.nio.file.Path> path = inPostgres(dataset) ? java.util.Optional.empty()
                : DataFiles.localPath(dataset.location());
        if (path.isEmpty()) {
            return dataset;
        }
        new EraseSwap(path.get()).recover();
        if (dataset.format() != null || !java.nio.file.Files.exists(path.get())) {
            return dataset;
        }
        return new EraseCommand.Planned.PlannedDataset(dataset.dataset(), dataset.location(),
                DataFiles.cataloged(null, dataset.location()), dataset.action(), dataset.targets());
    }

    /** A PostgreSQL table (OpenLineage's postgres://HOST:PORT namespace): erased over JDBC, not rewritten. */
    private static boolean inPostgres(EraseCommand.Planned.PlannedDataset dataset) {
        return JdbcErase.handles(dataset.dataset());
    }
}

package io.steward.cli;

import io.steward.masking.AccessDecision;
import io.steward.masking.MaskingKey;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** The Spark side of `steward read` (see CheckJob for why it is apart from the command). */
record ReadJob(String server, String dataset, List<String> columns, Path out, DataFiles.Format format,
               Optional<MaskingKey> key, String master) {

    record Written(long rows, String summary) {
    }

    Written run(Progress progress) {
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward read", master);
        progress.show("asking " + server + " for your access to " + dataset);
        StewardSpark.Read read;
        try {
            read = StewardSpark.read(spark, new ServiceClient(server), dataset, columns, key);
        } catch (IllegalArgumentException e) { // a mask that needs a key, without one
            throw new InputException(e.getMessage(), e);
        }
        progress.show("writing " + out);
        AtomicOutput.write(out, UUID.randomUUID().toString(), dir -> DataFiles.write(read.rows(), dir, format));
        long rows = DataFiles.countWritten(spark, out, format);
        return new Written(rows, summary(read.decision()));
    }

    /** "masked email (HASH); denied ssn; rows where region = 'EU'". */
    private static String summary(AccessDecision decision) {
        String masked = decision.columns().stream().filter(c -> c.kind() == AccessDecision.Kind.MASK)
                .map(c -> c.name() + " (" + c.transform().orElseThrow() + ")").collect(Collectors.joining(", "));
        String denied = decision.columns().stream().filter(c -> c.kind() == AccessDecision.Kind.DENY)
                .map(AccessDecision.Column::name).collect(Collectors.joining(", "));
        return (masked.isEmpty() ? "nothing masked" : "masked " + masked) + "; "
                + (denied.isEmpty() ? "nothing denied" : "denied " + denied) + "; "
                + decision.rowFilter().map(f -> "rows where " + f).orElse("all rows");
    }
}

package io.steward.cli;

import io.steward.masking.MaskingKey;
import io.steward.masking.Transform;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Erasing a subject from real files with a local Spark: exactly the subject's rows go (or lose
 * their planned values where rows must stay), every other row is as it was, a rerun changes
 * nothing, and a run killed between any two steps of the swap is finished or undone by the next.
 */
class EraseRewriteTest {

    private static final MaskingKey KEY = MaskingKey.of("erase-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, List<String>> ANN = Map.of("email", List.of("ann@example.com"));
    private static final String CUSTOMERS = """
            customer_id,email,note
            007,ann@example.com,first
            008,bob@example.com," spaced "
            009, ANN@Example.com,second
            010,carol@example.com,
            011,,no email
            """;

    @TempDir
    Path directory;

    private static SparkSession spark() {
        return SparkSessions.create("steward-tests", "local[2]");
    }

    private static List<String> rows(SparkSession spark, Path location) {
        return rows(spark, location, DataFiles.Format.CSV);
    }

    private static List<String> rows(SparkSession spark, Path location, DataFiles.Format format) {
        return DataFiles.readVerbatim(spark, location.toString(), format).collectAsList().stream()
                .map(Row::toString).sorted().toList();
    }

    private static List<String> hidden(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(".")).toList();
        }
    }

    @Test
    void deletesExactlyTheSubjectsRowsAndARerunChangesNothing() throws IOException {
        Path file = directory.resolve("customers.csv");
        Files.writeString(file, CUSTOMERS);
        EraseRewrite rewrite = new EraseRewrite(spark(), Optional.empty());
        List<ErasePredicate.Target> email = List.of(new ErasePredicate.Target("email", "email", null));

        EraseRewrite.Erased erased = rewrite.erase("file:customers", file.toString(), DataFiles.Format.CSV, "delete",
                email, ANN, "7");

        assertThat(erased).isEqualTo(new EraseRewrite.Erased("file:customers", 5, 3, 2, "delete", Map.of("7", 2L)));
        assertThat(Files.isRegularFile(file)).as("a file stays a file").isTrue();
        assertThat(rows(spark(), file)).containsExactly("[008,bob@example.com, spaced ]", "[010,carol@example.com,null]",
                "[011,null,no email]");
        assertThat(hidden(directory)).isEmpty();
        assertThat(rewrite.erase("file:customers", file.toString(), DataFiles.Format.CSV, "delete", email, ANN, "7"))
                .isEqualTo(new EraseRewrite.Erased("file:customers", 3, 3, 0, "delete", Map.of("7", 0L)));
    }

    @Test
    void redactsThePlannedColumnsWhereRowsMustStayAndFindsKeyedHashes() throws IOException {
        Path folder = directory.resolve("invoices");
        Files.createDirectories(folder);
        Transform.Hash hash = new Transform.Hash(KEY);
        Files.writeString(folder.resolve("part-0.csv"), "invoice,email_hash,amount\n1," + hash.apply("ann@example.com")
                + ",10.50\n2," + hash.apply("bob@example.com") + ",20.00\n");
        EraseRewrite rewrite = new EraseRewrite(spark(), Optional.of(KEY));

        EraseRewrite.Erased erased = rewrite.erase("file:invoices", folder.toString(), DataFiles.Format.CSV, "redact",
                List.of(new ErasePredicate.Target("email_hash", "email", "HASH")), ANN, "7");

        assertThat(erased).isEqualTo(new EraseRewrite.Erased("file:invoices", 2, 2, 1, "redact", Map.of("7", 1L)));
        assertThat(rows(spark(), folder)).containsExactly("[1,null,10.50]", "[2," + hash.apply("bob@example.com") + ",20.00]");
        assertThatThrownBy(() -> new EraseRewrite(spark(), Optional.empty()).erase("file:invoices", folder.toString(),
                DataFiles.Format.CSV, "delete", List.of(new ErasePredicate.Target("email_hash", "email", "HASH")), ANN, "8"))
                .isInstanceOf(InputException.class).hasMessageContaining("nothing was erased");
    }

    /**
     * A kept row loses the subject's other personal data too: a column planned for its tag's kind
     * (an address, which the request does not name) is emptied in the subject's rows and matches
     * no row itself, not even one holding the same street.
     */
    @Test
    void aRedactedRowLosesItsOtherPersonalDataAndOnlyTheSubjectsRowsDo() throws IOException {
        Path file = directory.resolve("orders.jsonl");
        Files.writeString(file, """
                {"order":1,"email":"ann@example.com","shipping":{"name":"Ann Lee","street":"1 High St"},"amount":10.5}
                {"order":2,"email":"bob@example.com","shipping":{"name":"Bob Roe","street":"1 High St"},"amount":20.0}
                """);
        EraseRewrite.Erased erased = new EraseRewrite(spark(), Optional.empty()).erase("file:orders", file.toString(),
                DataFiles.Format.JSONL, "redact", List.of(new ErasePredicate.Target("email", "email", null),
                        new ErasePredicate.Target("shipping", "address", null)), ANN, "7");

        assertThat(erased).isEqualTo(new EraseRewrite.Erased("file:orders", 2, 2, 1, "redact", Map.of("7", 1L)));
        assertThat(rows(spark(), file, DataFiles.Format.JSONL)).containsExactly("[10.5,null,1,null]",
                "[20.0,bob@example.com,2,[Bob Roe,1 High St]]");
    }

    /** Two subjects in one rewrite: both go, each is told how many rows held it, the others stay. */
    @Test
    void aBatchOfSubjectsIsErasedInOneRewrite() throws IOException {
        Path file = directory.resolve("batch.csv");
        Files.writeString(file, CUSTOMERS);
        List<ErasePredicate.Target> email = List.of(new ErasePredicate.Target("email", "email", null));
        List<ErasePredicate.Target> id = List.of(new ErasePredicate.Target("customer_id", "customer_id", null));

        EraseRewrite.Erased erased = new EraseRewrite(spark(), Optional.empty()).erase("file:batch", file.toString(),
                DataFiles.Format.CSV, "delete", List.of(new EraseRewrite.Subject("11", email, ANN),
                        new EraseRewrite.Subject("12", id, Map.of("customer_id", List.of("008"))),
                        new EraseRewrite.Subject("13", email, Map.of("email", List.of("nobody@example.com")))));

        assertThat(erased).isEqualTo(new EraseRewrite.Erased("file:batch", 5, 2, 3, "delete",
                Map.of("11", 2L, "12", 1L, "13", 0L)));
        assertThat(rows(spark(), file)).containsExactly("[010,carol@example.com,null]", "[011,null,no email]");
    }

    /** Parquet keeps its types: the subject's rows go, every other row stays as it was, value for value. */
    @Test
    void erasesFromParquetRowForRow() {
        SparkSession spark = spark();
        Path folder = directory.resolve("orders.parquet");
        spark.sql("select id as order_id, if(id % 10 = 3, 'ann@example.com', concat('c', id, '@example.com')) as email, "
                        + "cast(id * 1.5 as decimal(10, 2)) as amount, timestamp_seconds(1767225600 + id) as at "
                        + "from range(100)").repartition(3).write().parquet(folder.toString());
        List<Row> others = spark.read().parquet(folder.toString()).filter("email <> 'ann@example.com'")
                .orderBy("order_id").collectAsList();

        EraseRewrite.Erased erased = new EraseRewrite(spark, Optional.empty()).erase("file:orders", folder.toString(),
                DataFiles.Format.PARQUET, "delete", List.of(new ErasePredicate.Target("email", "email", null)), ANN, "7");

        assertThat(erased).isEqualTo(new EraseRewrite.Erased("file:orders", 100, 90, 10, "delete", Map.of("7", 10L)));
        assertThat(spark.read().parquet(folder.toString()).orderBy("order_id").collectAsList()).isEqualTo(others);
    }

    /** A kill after each step of the swap, then a rerun: the erase ends done, with nothing left over. */
    @Test
    void aRunKilledAtAnyStepIsFinishedByTheNext() throws IOException {
        EraseRewrite rewrite = new EraseRewrite(spark(), Optional.empty());
        List<ErasePredicate.Target> email = List.of(new ErasePredicate.Target("email", "email", null));
        for (int step = 0; step < 3; step++) {
            Path file = directory.resolve("customers-" + step + ".csv");
            Files.writeString(file, CUSTOMERS);
            EraseSwap swap = new EraseSwap(file);
            // What a run does before its swap: the rewrite staged and committed by Spark.
            DataFiles.writeVerbatim(DataFiles.readVerbatim(spark(), file.toString(), DataFiles.Format.CSV)
                    .filter("customer_id <> '007' and customer_id <> '009'").coalesce(1), swap.staged(),
                    DataFiles.Format.CSV);
            if (step >= 1) {
                swap.moveAside(); // killed with the original aside and nothing under its name
            }
            if (step >= 2) {
                swap.moveIn(); // killed before the original was removed
            }

            EraseRewrite.Erased rerun = rewrite.erase("file:c", file.toString(), DataFiles.Format.CSV, "delete", email,
                    ANN, "9");

            assertThat(rows(spark(), file)).as("killed after step " + step)
                    .containsExactly("[008,bob@example.com, spaced ]", "[010,carol@example.com,null]", "[011,null,no email]");
            assertThat(rerun.after()).isEqualTo(3);
            assertThat(hidden(directory)).as("killed after step " + step).isEmpty();
        }
    }
}

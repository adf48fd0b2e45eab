package io.steward.cli;

import io.steward.masking.MaskingKey;
import io.steward.masking.Transform;
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

/**
 * The dry run of an erase plan on real files with a local Spark: the subject's rows are found by
 * email in any case and with stray blanks, by a keyed hash of the email under the same key, and
 * what cannot be compared is said.
 */
class EraseCountJobTest {

    private static final MaskingKey KEY = MaskingKey.of("erase-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path directory;

    private Path csv(String name, String text) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void countsTheSubjectsRowsInClearAndMaskedAndSaysWhatItCouldNotCompare() throws IOException {
        Path raw = csv("customers.csv", """
                customer_id,email,name
                1," Ann@Example.com ",Ann
                2,bob@example.com,Bob
                3,ann@example.com,Ann
                4,carol@example.com,Carol
                """);
        Transform.Hash hash = new Transform.Hash(KEY);
        Path masked = csv("shared.csv", "email_hash,amount\n" + hash.apply("ann@example.com") + ",10\n"
                + hash.apply("bob@example.com") + ",20\n" + hash.apply("dave@example.com") + ",30\n");
        Map<String, List<String>> subject = Map.of("email", List.of("ann@example.com"), "customer_id", List.of("42"));

        List<EraseCountJob.Counted> counted = new EraseCountJob("local[2]", Optional.of(KEY)).run(List.of(
                        new EraseCountJob.Planned("s3://lake:customers", raw.toString(), DataFiles.Format.CSV, List.of(
                                new ErasePredicate.Target("email", "email", null),
                                new ErasePredicate.Target("customer_id", "customer_id", null))),
                        new EraseCountJob.Planned("s3://lake:shared", masked.toString(), DataFiles.Format.CSV, List.of(
                                new ErasePredicate.Target("email_hash", "email", "HASH"),
                                new ErasePredicate.Target("phone", "phone", null))),
                        new EraseCountJob.Planned("s3://lake:elsewhere", null, null, List.of()),
                        new EraseCountJob.Planned("s3://lake:gone", directory.resolve("gone.csv").toString(),
                                DataFiles.Format.CSV, List.of(new ErasePredicate.Target("email", "email", null)))),
                subject, new Progress(new PrintWriter(new StringWriter())));

        assertThat(counted).hasSize(4);
        assertThat(counted.get(3).rows()).isNull();
        assertThat(counted.get(3).note()).startsWith(directory.resolve("gone.csv") + ": cannot read as csv: ");
        assertThat(counted.subList(0, 3)).containsExactly(
                new EraseCountJob.Counted("s3://lake:customers", 4L, 2L, null),
                new EraseCountJob.Counted("s3://lake:shared", 3L, 1L, "column phone is not in the data"),
                new EraseCountJob.Counted("s3://lake:elsewhere", null, null, "the catalog has no location and format for it"));
    }

    @Test
    void aKeyedMaskWithoutItsKeyIsANoteNotAMatchOfNothing() throws IOException {
        Path masked = csv("shared.csv", "email_hash\nabc\n");
        List<EraseCountJob.Counted> counted = new EraseCountJob("local[2]", Optional.empty()).run(List.of(
                        new EraseCountJob.Planned("s3://lake:shared", masked.toString(), DataFiles.Format.CSV, List.of(
                                new ErasePredicate.Target("email_hash", "email", "HASH"),
                                new ErasePredicate.Target("email_hash", "email", "REDACT")))),
                Map.of("email", List.of("ann@example.com")), new Progress(new PrintWriter(new StringWriter())));

        assertThat(counted).singleElement().satisfies(c -> {
            assertThat(c.rows()).isEqualTo(1);
            assertThat(c.matching()).isZero();
            assertThat(c.note()).contains("masked by HASH").contains("key")
                    .contains("masked by REDACT").contains("leaves nothing of the identifier to look for");
        });
    }

    @Test
    void identifiersCompareAsTheirKindAllows() {
        assertThat(ErasePredicate.normalize("email", " Ann@Example.COM ")).isEqualTo("ann@example.com");
        assertThat(ErasePredicate.normalize("phone", "+44 (20) 7946-0958")).isEqualTo("+442079460958");
        assertThat(ErasePredicate.normalize("customer_id", " C-42 ")).isEqualTo("C-42");
    }
}

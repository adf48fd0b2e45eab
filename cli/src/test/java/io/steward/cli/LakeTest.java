package io.steward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What a crawl finds in generated lake folders, before any Spark. */
class LakeTest {

    @TempDir
    Path lake;

    @Test
    void findsDatasetsByFolderFormatAndPartitions() throws IOException {
        write("customers.csv", "id;name;city\n1;\"Doe; Jane\";Lyon\n2;Roe;Paris\n");
        write("sales/orders/year=2026/month=01/part-0.parquet", "PAR1....");
        write("sales/orders/year=2026/month=02/part-0.parquet", "PAR1....");
        write("sales/orders/_SUCCESS", "");
        write("events/2026-11-01.json", "{\"id\": 1, \"user\": {\"name\": \"a\"}}\n{\"id\": 2}\n");
        write("events/2026-11-02.json", "{\"id\": 3}\n");
        write("exports/report", "[{\"a\": 1},\n {\"a\": 2}]");
        write("logs/access.tsv", "ts\tpath\tstatus\n1\t/a\t200\n");

        Lake.Crawl crawl = Lake.crawl(lake);

        assertThat(crawl.problems()).isEmpty();
        assertThat(crawl.datasets()).extracting(f -> lake.relativize(f.location()).toString(), Lake.Found::format,
                Lake.Found::delimiter, Lake.Found::partitionKeys, Lake.Found::partitions, Lake.Found::files)
                .containsExactly(
                        tuple("customers.csv", DataFiles.Format.CSV, ';', List.of(), 0, 1),
                        tuple("events", DataFiles.Format.JSONL, ',', List.of(), 0, 2),
                        tuple("exports", DataFiles.Format.JSON, ',', List.of(), 0, 1),
                        tuple("logs", DataFiles.Format.CSV, '\t', List.of(), 0, 1),
                        tuple("sales/orders", DataFiles.Format.PARQUET, ',', List.of("year", "month"), 2, 2));
    }

    @Test
    void theCrawledFolderIsOneDatasetWhenItHoldsPartitions() throws IOException {
        write("day=2026-11-01/a.jsonl", "{\"id\": 1}\n");
        write("day=2026-11-02/a.jsonl", "{\"id\": 2}\n");
        assertThat(Lake.crawl(lake).datasets()).singleElement().satisfies(found -> {
            assertThat(found.location()).isEqualTo(lake.toAbsolutePath().normalize());
            assertThat(found.partitionKeys()).containsExactly("day");
            assertThat(found.partitions()).isEqualTo(2);
        });
    }

    @Test
    void aFolderThatCannotBeOneDatasetIsAProblemAndTheOthersAreStillFound() throws IOException {
        write("mixed/a.csv", "x\n1\n");
        write("mixed/b.parquet", "PAR1....");
        write("uneven/day=1/a.csv", "x\n1\n");
        write("uneven/day=2/hour=3/a.csv", "x\n1\n");
        write("loose/a.csv", "x\n1\n");
        write("loose/extra/b.csv", "x\n1\n");
        write("fine/a.csv", "x,y\n1,2\n");

        Lake.Crawl crawl = Lake.crawl(lake);

        assertThat(crawl.datasets()).extracting(f -> lake.relativize(f.location()).toString()).containsExactly("fine");
        assertThat(crawl.problems()).extracting(p -> lake.relativize(p.location()).toString(), Lake.Problem::message)
                .containsExactly(
                        tuple("loose", "a data file below it is not in a key=value partition folder: extra/b.csv"),
                        tuple("mixed", "files in more than one format: [csv, parquet]"),
                        tuple("uneven", "partition folders disagree on their keys: [[day], [day, hour]]"));
    }

    @Test
    void sniffsTheDelimiterOutsideQuotesAndFallsBackToAComma() throws IOException {
        assertThat(Lake.delimiter(write("a.csv", "a|b|c\n1|\"x|y\"|3\n4|5|6\n"))).isEqualTo('|');
        assertThat(Lake.delimiter(write("b.csv", "a,b;c\n1,2;3\n4,5;6,7\n"))).isEqualTo(';');
        assertThat(Lake.delimiter(write("c.csv", "only\n1\n2\n"))).isEqualTo(',');
    }

    @Test
    void aMissingPathIsAnInputError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Lake.crawl(lake.resolve("nope")))
                .isInstanceOf(InputException.class).hasMessageContaining("no such file or directory");
    }

    private Path write(String relative, String content) throws IOException {
        Path file = lake.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}

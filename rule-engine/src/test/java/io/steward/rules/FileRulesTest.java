package io.steward.rules;

import io.steward.dqdl.Dqdl;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * File* rules on a folder of three one-byte files: a ("x") and b ("y") written a day ago at 10:00,
 * c ("x" again) five days ago at 20:00; a _SUCCESS marker that is not data. Clock: 2026-11-27T12:00Z.
 */
class FileRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final String MD5_OF_X = "9dd4e461268c8034f5c8564e155c67a6";

    private static Dataset<Row> data;

    @TempDir
    Path directory;

    @BeforeAll
    static void spark() {
        data = TestSpark.session().sql("SELECT 1 AS id");
    }

    @BeforeEach
    void files() throws IOException {
        Path folder = Files.createDirectories(directory.resolve("landing"));
        write(folder.resolve("a.csv"), "x", "2026-11-26T10:00:00Z");
        write(folder.resolve("b.csv"), "y", "2026-11-26T10:00:00Z");
        write(folder.resolve("c.csv"), "x", "2026-11-22T20:00:00Z");
        write(folder.resolve("_SUCCESS"), "", "2026-11-20T00:00:00Z");
        Path copy = Files.createDirectories(directory.resolve("copy"));
        for (String name : new String[] {"a.csv", "b.csv", "c.csv"}) {
            Files.copy(folder.resolve(name), copy.resolve(name));
        }
        Path changed = Files.createDirectories(directory.resolve("changed"));
        for (String name : new String[] {"a.csv", "b.csv"}) {
            Files.copy(folder.resolve(name), changed.resolve(name));
        }
        Files.writeString(changed.resolve("c.csv"), "z");
    }

    private static void write(Path file, String content, String modified) throws IOException {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(modified)));
    }

    private RuleResult evaluate(String rule) {
        String dqdl = "Rules = [ " + rule.strip().replace("DIR", directory.toString()) + " ]";
        EvaluationOptions options = new EvaluationOptions(Clock.fixed(NOW, ZoneOffset.UTC), Map.of(), "files",
                MetricHistory.none(), Optional.of(directory.resolve("landing").toString()));
        return new RuleEngine().evaluate(Dqdl.parse(dqdl).orElseThrow(), data, options).rules().get(0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "FileUniqueness \"DIR/landing\" > 0.3                              | PASS",
            "FileUniqueness \"DIR/landing\" = 1.0                              | FAIL",
            "FileUniqueness = 1.0                                              | FAIL",
            "FileSize \"DIR/landing\" < 1 KB                                   | PASS",
            "FileSize \"DIR/landing\" > 1 B                                    | FAIL",
            "FileSize >= 1 B                                                   | PASS",
            "FileFreshness \"DIR/landing\" > (now() - 2 days)                  | FAIL",
            "FileFreshness \"DIR/landing\" > (now() - 2 days) with threshold > 0.6 | PASS",
            "FileFreshness > (now() - 6 days)                                  | PASS",
            "FileFreshness > \"2026-11-25\"                                    | FAIL",
            "FileFreshness between \"9:00 AM\" and \"5:00 PM\"                 | FAIL",
            "FileFreshness between \"09:00\" and \"21:00\"                     | PASS",
            "FileMatch \"DIR/landing\" \"DIR/copy\"                            | PASS",
            "FileMatch \"DIR/landing\" \"DIR/changed\"                         | FAIL",
            "FileMatch \"DIR/landing/a.csv\" in [\"9dd4e461268c8034f5c8564e155c67a6\"] | PASS",
            "FileMatch in [\"9dd4e461268c8034f5c8564e155c67a6\"]               | FAIL",
            "FileMatch \"DIR/landing/b.csv\" = \"9dd4e461268c8034f5c8564e155c67a6\" | FAIL",
            "FileMatch \"DIR/landing/a.csv\" in [\"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881\"] with hashAlgorithm = \"SHA-256\" | PASS",
            "FileSize \"DIR/nowhere\" > 1 B                                    | ERROR"})
    void evaluatesFileRules(String rule, Outcome expected) {
        RuleResult result = evaluate(rule);
        assertThat(result.outcome()).as(result.message()).isEqualTo(expected);
    }

    @Test
    void explainsFileOutcomes() {
        assertThat(evaluate("FileFreshness \"DIR/landing\" > (now() - 2 days)").message())
                .endsWith(": 66.666667% pass, required all");
        assertThat(evaluate("FileUniqueness = 1.0").metrics()).containsEntry("Dataset.*.FileUniqueness", 1.0 / 3);
        assertThat(evaluate("FileMatch in [\"" + MD5_OF_X + "\"]").message()).contains("with other MD5 checksums");
        assertThat(evaluate("FileSize \"DIR/nowhere\" > 1 B").message()).endsWith("nowhere does not exist");
    }
}

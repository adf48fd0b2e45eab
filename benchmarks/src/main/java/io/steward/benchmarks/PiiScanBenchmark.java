package io.steward.benchmarks;

import io.steward.pii.ColumnClassification;
import io.steward.pii.ColumnClassifier;
import io.steward.pii.spark.SparkPiiScan;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.to_date;

/**
 * Classifying a 10M-row, 20-column Parquet table by sampling (fraction 0.1 as AWS Glue, at most
 * 10,000 rows): Steward's scan in a warm Spark session and `steward pii scan` as a whole process,
 * against a full read of the same table (one aggregation over every column) in the same run.
 */
public final class PiiScanBenchmark {

    private static final int RUNS = 5;
    private static final SparkPiiScan.Sampling SAMPLING = new SparkPiiScan.Sampling(0.1, 10_000, 42);

    private PiiScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path data = root.resolve("benchmarks/target/pii-scan/customers-" + rows + ".parquet");
        SparkSession spark = SparkSessions.create("steward-pii-benchmark", "local[*]");
        spark.sparkContext().setLogLevel("ERROR");
        if (!Files.exists(data)) {
            generate(spark, rows).write().parquet(data.toString());
        }
        Dataset<Row> table = spark.read().parquet(data.toString());
        ColumnClassifier classifier = ColumnClassifier.standard();
        List<ColumnClassification> result = scan(table, classifier);
        RuleEngineBenchmark.bareScan(table);
        long[] full = new long[RUNS];
        long[] steward = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            RuleEngineBenchmark.bareScan(table);
            full[i] = System.nanoTime() - start;
            start = System.nanoTime();
            result = scan(table, classifier);
            steward[i] = System.nanoTime() - start;
        }
        spark.stop();
        List<String> command = List.of(root.resolve("steward").toString(), "pii", "scan", "--data", data.toString(),
                "--sample-fraction", "0.1", "--max-rows", "10000", "--json");
        long[] process = new long[3];
        for (int i = 0; i < process.length; i++) {
            process[i] = RuleEngineBenchmark.runProcess(command, root);
        }
        long tagged = result.stream().filter(c -> !c.entities().isEmpty()).count();
        RuleEngineBenchmark.Stats fullStats = RuleEngineBenchmark.Stats.of(full);
        RuleEngineBenchmark.Stats stewardStats = RuleEngineBenchmark.Stats.of(steward);
        RuleEngineBenchmark.Stats processStats = RuleEngineBenchmark.Stats.of(process);
        String report = String.format(Locale.ROOT, """
                ## PII classification of a large table by sampling

                Run %s with `benchmarks/run pii-scan` on %s, Spark 3.5.9 local[*]. A generated customers table, \
                %,d rows and 20 columns (Parquet, snappy; emails, phones, cards, IBANs, SSNs, IPs, MACs, birth \
                dates, names, street addresses, free-text notes, and non-PII columns), sampled as AWS Glue does \
                (fraction 0.1) with at most 10,000 rows, then every column classified (columns in parallel). \
                %d of 20 columns tagged. Min / median of %d runs after a warm-up, interleaved with the baseline; \
                the whole process 3 runs.

                | pass | min / median |
                |---|---:|
                | full read of the table (one aggregation over every column) | %s |
                | Steward: sample + classify, warm Spark session | %s |
                | `steward pii scan --sample-fraction 0.1` as a whole process (JVM and Spark start included) | %s |

                Target: under 15 s on this 2-core machine — %s.
                """, LocalDate.now(), DqdlParserBenchmark.Machine.describe(), rows, tagged, RUNS, fullStats,
                stewardStats, processStats, processStats.median() < 15 ? "met" : "NOT met");
        System.out.println(report);
        Results.replaceSection(root.resolve("benchmarks/RESULTS.md"), "pii-scan", report);
    }

    private static List<ColumnClassification> scan(Dataset<Row> table, ColumnClassifier classifier) {
        return SparkPiiScan.classify(SparkPiiScan.sample(table, SAMPLING), classifier, span -> { });
    }

    /** 20 columns computed from the row id: deterministic, and varied enough to classify. */
    private static Dataset<Row> generate(SparkSession spark, long rows) {
        Column id = col("id");
        Column first = element_at(array(lit("Jane"), lit("John"), lit("Ana"), lit("Emma"), lit("Hans"), lit("Omar")),
                expr("cast(id % 6 + 1 as int)"));
        Column last = element_at(array(lit("Doe"), lit("Smith"), lit("Garcia"), lit("Müller"), lit("Brown")),
                expr("cast(id % 5 + 1 as int)"));
        return spark.range(rows).select(
                id.as("customer_id"),
                concat(first, lit(" "), last).as("full_name"),
                concat(lit("user"), id, lit("@example.com")).as("email"),
                concat(lit("+44 20 79"), lpad(expr("cast(id % 100 as string)"), 2, "0"), lit(" "),
                        lpad(expr("cast(id * 7 % 10000 as string)"), 4, "0")).as("phone"),
                element_at(array(lit("4111 1111 1111 1111"), lit("5500 0000 0000 0004"), lit("3782 822463 10005"),
                        lit("6011 1111 1111 1117")), expr("cast(id % 4 + 1 as int)")).as("card_number"),
                element_at(array(lit("DE89 3704 0044 0532 0130 00"), lit("GB82WEST12345698765432"),
                        lit("FR1420041010050500013M02606")), expr("cast(id % 3 + 1 as int)")).as("iban"),
                format_string("%03d-%02d-%04d", expr("id % 665 + 1"), expr("id % 99 + 1"), expr("id % 9999 + 1"))
                        .as("ssn"),
                concat_ws(".", expr("id % 223 + 1"), expr("id div 7 % 256"), expr("id div 13 % 256"), expr("id % 256"))
                        .as("client_ip"),
                format_string("02:%02x:%02x:%02x:%02x:%02x", expr("id % 256"), expr("id div 256 % 256"),
                        expr("id div 65536 % 256"), expr("id % 251"), expr("id % 241")).as("device_mac"),
                date_add(to_date(lit("1950-01-01")), expr("cast(id % 20000 as int)")).cast("string").as("date_of_birth"),
                concat(expr("id % 9999 + 1"), lit(" "), last, lit(" Street")).as("street_address"),
                concat(lit("Customer asked to be called on +1 415 555 "), lpad(expr("cast(id % 10000 as string)"), 4,
                        "0"), lit(" about order "), id).as("notes"),
                concat(lit("ORD-"), id).as("order_id"),
                expr("id % 100000 / 100.0").as("amount"),
                expr("id % 50").as("quantity"),
                element_at(array(lit("NEW"), lit("PAID"), lit("SHIPPED")), expr("cast(id % 3 + 1 as int)")).as("status"),
                expr("timestamp_seconds(1700000000 + id)").as("created_at"),
                concat_ws(".", expr("id % 5"), expr("id % 20"), expr("id % 10"), expr("id % 99")).as("app_version"),
                element_at(array(lit("Berlin"), lit("Paris"), lit("London"), lit("Madrid")),
                        expr("cast(id % 4 + 1 as int)")).as("city"),
                element_at(array(lit("DE"), lit("FR"), lit("GB"), lit("ES")), expr("cast(id % 4 + 1 as int)"))
                        .as("country"));
    }
}

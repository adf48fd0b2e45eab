package io.steward.benchmarks;

import io.steward.cli.DataFiles;
import io.steward.cli.ErasePredicate;
import io.steward.cli.EraseRewrite;
import io.steward.masking.MaskingKey;
import io.steward.masking.SparkMasking;
import io.steward.masking.Transform;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;

/**
 * Erasing data subjects (`steward erase run`'s rewrite, {@link EraseRewrite}) against a plain Spark
 * rewrite of the same files, the baseline issue 8 names: a generated 10M-row orders table in
 * Parquet and three downstream copies (a masked analytics copy holding a keyed hash of the email,
 * orders joined with customers, totals per customer). In the same run, interleaved: (a) the plain
 * rewrite, read and written again, of all four; (b) one subject erased from all four; (c) a batch
 * of 1,000 subjects erased from all four in one rewrite per dataset. Each erase starts from a fresh
 * copy of the data (hard links, so copying costs nothing) and is checked against counts taken with
 * plain Spark filters before the timings are trusted. Writes its section of benchmarks/RESULTS.md.
 */
public final class EraseBenchmark {

    private static final int CUSTOMERS = 100_000;
    private static final int BATCH = 1_000;
    private static final int WARMUPS = 1;
    private static final int SAMPLES = 3;
    private static final MaskingKey KEY = MaskingKey.of("erase-benchmark-key-0123456789abcdef"
            .getBytes(StandardCharsets.UTF_8));

    /** One of the four datasets: where it is generated, and the columns an erase plan names there. */
    private record Data(String name, Path path, List<ErasePredicate.Target> targets) {
    }

    private EraseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length == 0 ? 10_000_000L : Long.parseLong(args[0]);
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("benchmarks/target/erase"));
        SparkSession spark = SparkSessions.create("steward-erase-benchmark", "local[*]");
        spark.sparkContext().setLogLevel("ERROR");
        List<Data> datasets = generate(spark, work.resolve("data-" + rows), rows);
        EraseRewrite rewrite = new EraseRewrite(spark, java.util.Optional.of(KEY));

        long[][] samples = new long[3][SAMPLES];
        for (int i = -WARMUPS; i < SAMPLES; i++) {
            int round = i + WARMUPS;
            List<Integer> one = List.of(7 + round * 13);
            List<Integer> batch = new ArrayList<>();
            for (int c = 0; c < BATCH; c++) {
                batch.add(CUSTOMERS / 2 + round * BATCH + c);
            }
            Map<String, Long> expectedOne = expected(spark, datasets, one);
            Map<String, Long> expectedBatch = expected(spark, datasets, batch);

            long plain = time(() -> plainRewrite(spark, datasets, work.resolve("plain")));
            List<Data> copies = freshCopies(datasets, work.resolve("copies"));
            long startOne = System.nanoTime();
            Map<String, Long> erasedOne = erase(rewrite, copies, one);
            long timeOne = System.nanoTime() - startOne;
            copies = freshCopies(datasets, work.resolve("copies"));
            long startBatch = System.nanoTime();
            Map<String, Long> erasedBatch = erase(rewrite, copies, batch);
            long timeBatch = System.nanoTime() - startBatch;
            check("one subject", expectedOne, erasedOne);
            check(BATCH + " subjects", expectedBatch, erasedBatch);
            System.out.printf(Locale.ROOT, "round %d: plain %.1f s, one subject %.1f s, %d subjects %.1f s%n",
                    round, plain / 1e9, timeOne / 1e9, BATCH, timeBatch / 1e9);
            if (i >= 0) {
                samples[0][i] = plain;
                samples[1][i] = timeOne;
                samples[2][i] = timeBatch;
            }
        }
        RuleEngineBenchmark.Stats plain = RuleEngineBenchmark.Stats.of(samples[0]);
        RuleEngineBenchmark.Stats one = RuleEngineBenchmark.Stats.of(samples[1]);
        RuleEngineBenchmark.Stats batch = RuleEngineBenchmark.Stats.of(samples[2]);

        StringBuilder report = new StringBuilder();
        report.append("## GDPR erase: one subject and a batch vs a plain rewrite of the same files\n\n");
        report.append("Run ").append(LocalDate.now()).append(" with `benchmarks/run erase` on ")
                .append(DqdlParserBenchmark.Machine.describe()).append(", Spark 3.5.9 local[*]. Generated data, "
                        + "Parquet (snappy): orders (").append(String.format(Locale.ROOT, "%,d", rows))
                .append(" rows, 12 columns, ").append(String.format(Locale.ROOT, "%,d", CUSTOMERS))
                .append(" customers) and three downstream copies: a masked analytics copy (email as a keyed "
                        + "HASH), orders joined with customers, totals per customer. Plain rewrite: each of the "
                        + "four read and written again with Spark. Erase: `EraseRewrite.erase` (what `steward "
                        + "erase run` does per dataset: count, rewrite, swap, re-scan to verify) on all four, "
                        + "each starting from a fresh copy; the erased row counts are checked against plain "
                        + "Spark filters. Min / median of ").append(SAMPLES).append(" rounds after ")
                .append(WARMUPS).append(" warm-up, interleaved in one Spark session.\n\n");
        report.append("| rows erased from | plain rewrite | erase 1 subject | erase / plain | erase ")
                .append(BATCH).append(" subjects | batch / one |\n");
        report.append("|---|---:|---:|---:|---:|---:|\n");
        report.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2fx | %s | %.2fx |%n",
                datasets.stream().map(d -> d.name() + " (" + String.format(Locale.ROOT, "%,d", count(spark, d)) + ")")
                        .reduce((a, b) -> a + ", " + b).orElseThrow(),
                plain, one, one.median() / plain.median(), batch, batch.median() / one.median()));
        report.append("\nTargets: one subject from the 10M-row dataset and its three copies in under 2 minutes, "
                + "at most 1.5x the plain rewrite; 1,000 subjects in one batch at most 1.2x the cost of one.\n");
        System.out.println(report);
        Results.replaceSection(root.resolve("benchmarks/RESULTS.md"), "erase", report.toString());
        spark.stop();
    }

    private static List<Data> generate(SparkSession spark, Path directory, long rows) {
        ErasePredicate.Target customerId = new ErasePredicate.Target("customer_id", "customer_id", null);
        ErasePredicate.Target email = new ErasePredicate.Target("email", "email", null);
        List<Data> datasets = List.of(
                new Data("orders", directory.resolve("orders"), List.of(customerId, email)),
                new Data("analytics", directory.resolve("analytics"),
                        List.of(new ErasePredicate.Target("email_hash", "email", "HASH"))),
                new Data("enriched", directory.resolve("enriched"), List.of(customerId, email)),
                new Data("customer_totals", directory.resolve("customer_totals"), List.of(customerId, email)));
        if (datasets.stream().allMatch(d -> Files.exists(d.path().resolve("_SUCCESS")))) {
            return datasets;
        }
        RuleEngineBenchmark.deleteTree(directory);
        spark.range(rows).selectExpr("id AS order_id", "pmod(hash(id, 1), " + CUSTOMERS + ") AS c",
                        "element_at(array('NEW', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED'), pmod(hash(id, 3), 5) + 1) AS status",
                        "round(pmod(hash(id, 4), 40000) / 100.0 + 1, 2) AS amount",
                        "element_at(array('EUR', 'USD', 'GBP'), pmod(hash(id, 5), 3) + 1) AS currency",
                        "element_at(array('DE', 'FR', 'GB', 'US', 'NL', 'ES', 'IT'), pmod(hash(id, 7), 7) + 1) AS country",
                        "timestamp_seconds(1767225600 - pmod(hash(id, 8), 2592000)) AS created_at",
                        "pmod(hash(id, 9), 10) + 1 AS quantity",
                        "pmod(hash(id, 10), 30) / 100.0 AS discount",
                        "element_at(array('web', 'app', 'store'), pmod(hash(id, 11), 3) + 1) AS channel")
                .selectExpr("order_id", customerIdOf("c") + " AS customer_id", emailOf("c") + " AS email",
                        "concat('+49 30 ', lpad(CAST(c AS STRING), 7, '0')) AS phone", "status", "amount",
                        "currency", "country", "created_at", "quantity", "discount", "channel")
                .write().parquet(datasets.get(0).path().toString());
        Dataset<Row> orders = spark.read().parquet(datasets.get(0).path().toString());
        orders.select(col("order_id"), SparkMasking.mask(new Transform.Hash(KEY), col("email")).as("email_hash"),
                        col("status"), col("amount"), col("currency"), col("country"), col("created_at"),
                        col("quantity"), col("discount"), col("channel"))
                .write().parquet(datasets.get(1).path().toString());
        Dataset<Row> customers = spark.range(CUSTOMERS).selectExpr(customerIdOf("id") + " AS customer_id",
                "concat('Customer ', id) AS name",
                "element_at(array('Berlin', 'Paris', 'London', 'Madrid'), pmod(hash(id, 12), 4) + 1) AS city",
                "element_at(array('retail', 'business'), pmod(hash(id, 13), 2) + 1) AS segment");
        orders.join(customers, "customer_id")
                .select("order_id", "customer_id", "email", "name", "city", "segment", "status", "amount",
                        "currency", "created_at")
                .write().parquet(datasets.get(2).path().toString());
        orders.groupBy("customer_id", "email")
                .agg(org.apache.spark.sql.functions.count("*").as("orders"),
                        org.apache.spark.sql.functions.sum("amount").as("total"))
                .write().parquet(datasets.get(3).path().toString());
        return datasets;
    }

    private static String customerIdOf(String number) {
        return "concat('C', lpad(CAST(" + number + " AS STRING), 6, '0'))";
    }

    private static String emailOf(String number) {
        return "concat('customer', " + number + ", '@example.com')";
    }

    /** The subjects' rows in each dataset, counted with plain Spark filters on the customer id. */
    private static Map<String, Long> expected(SparkSession spark, List<Data> datasets, List<Integer> customers) {
        Object[] ids = customers.stream().map(c -> String.format(Locale.ROOT, "C%06d", c)).toArray();
        Dataset<Row> orders = spark.read().parquet(datasets.get(0).path().toString());
        long orderRows = orders.filter(col("customer_id").isin(ids)).count();
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("orders", orderRows);
        expected.put("analytics", orderRows); // the same orders, with the email hashed
        expected.put("enriched", orderRows);
        expected.put("customer_totals", spark.read().parquet(datasets.get(3).path().toString())
                .filter(col("customer_id").isin(ids)).count());
        return expected;
    }

    private static Map<String, Long> erase(EraseRewrite rewrite, List<Data> datasets, List<Integer> customers) {
        List<EraseRewrite.Subject> subjects = new ArrayList<>();
        Map<String, Long> erased = new LinkedHashMap<>();
        for (Data data : datasets) {
            subjects.clear();
            for (int c : customers) {
                subjects.add(new EraseRewrite.Subject("subject-" + c, data.targets(), Map.of(
                        "customer_id", List.of(String.format(Locale.ROOT, "C%06d", c)),
                        "email", List.of("customer" + c + "@example.com"))));
            }
            erased.put(data.name(), rewrite.erase(data.name(), data.path().toString(), DataFiles.Format.PARQUET,
                    "delete", subjects).erased());
        }
        return erased;
    }

    private static void check(String what, Map<String, Long> expected, Map<String, Long> erased) {
        if (!expected.equals(erased) || expected.values().stream().anyMatch(n -> n == 0)) {
            throw new IllegalStateException(what + ": expected to erase " + expected + " rows, erased " + erased);
        }
    }

    /** The baseline: every dataset read and written again, as a job that rewrites them would. */
    private static void plainRewrite(SparkSession spark, List<Data> datasets, Path target) {
        RuleEngineBenchmark.deleteTree(target);
        for (Data data : datasets) {
            spark.read().parquet(data.path().toString()).write().parquet(target.resolve(data.name()).toString());
        }
    }

    /** A copy of each dataset made of hard links: an erase moves the copy aside and never changes a file. */
    private static List<Data> freshCopies(List<Data> datasets, Path directory) throws IOException {
        RuleEngineBenchmark.deleteTree(directory);
        List<Data> copies = new ArrayList<>();
        for (Data data : datasets) {
            Path copy = Files.createDirectories(directory.resolve(data.name()));
            try (Stream<Path> files = Files.list(data.path())) {
                for (Path file : files.toList()) {
                    Files.createLink(copy.resolve(file.getFileName()), file);
                }
            }
            copies.add(new Data(data.name(), copy, data.targets()));
        }
        return copies;
    }

    private static long count(SparkSession spark, Data data) {
        return spark.read().parquet(data.path().toString()).count();
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }
}

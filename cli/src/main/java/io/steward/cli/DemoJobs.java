package io.steward.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The data jobs of `steward demo` that are not Steward commands: the ingest jobs that land the
 * raw files as curated Parquet, and a downstream job that joins orders with their customers. Each
 * is an OpenLineage run sent to the service (Spark's listener reports the write with its column
 * lineage; Steward's event closes the run), as any Spark job with Steward's lineage would be.
 */
final class DemoJobs {

    private final SparkSession spark;
    private final String server;
    private final PrintWriter warnings;

    DemoJobs(SparkSession spark, String server, PrintWriter warnings) {
        this.spark = spark;
        this.server = server;
        this.warnings = warnings;
    }

    /**
     * Job steward:NAME: reads the raw file or folder, types its time columns (ISO 8601 text to
     * timestamps) and writes it as Parquet (partitioned by the given columns), whole or not at all. The curated dataset is registered with its location
     * first, so the checks its completion triggers know where to read.
     */
    long ingest(ServiceClient client, String job, Path raw, DataFiles.Format format, Path curated,
                List<String> timeColumns, List<String> partitionBy) {
        TagRecorder.ensureDataset(client, "file:" + curated.toAbsolutePath().normalize(), curated,
                DataFiles.Format.PARQUET);
        JobLineage lineage = JobLineage.to(server, job, warnings);
        lineage.attach(spark);
        Dataset<Row> read = DataFiles.read(spark, raw, format);
        for (String column : timeColumns) {
            read = read.withColumn(column, functions.to_timestamp(functions.col(column)));
        }
        Dataset<Row> rows = read;
        AtomicOutput.write(curated, UUID.randomUUID().toString(), dir -> rows.write()
                .partitionBy(partitionBy.toArray(String[]::new)).parquet(dir.toString()));
        lineage.complete(List.of(JobLineage.file(raw)), List.of(JobLineage.file(curated)), Optional.empty());
        return spark.read().parquet(curated.toString()).count();
    }

    /** Job steward:build_customer_orders: each order with its customer's name and email, for the sales team. */
    long customerOrders(Path customers, Path orders, Path mart) {
        JobLineage lineage = JobLineage.to(server, "build_customer_orders", warnings);
        lineage.attach(spark);
        spark.read().parquet(customers.toString()).createOrReplaceTempView("demo_customers");
        spark.read().parquet(orders.toString()).createOrReplaceTempView("demo_orders");
        Dataset<Row> joined = spark.sql("""
                select o.order_id, o.customer_id, c.name, c.email, o.amount, o.currency, o.created_at
                from demo_orders o join demo_customers c on o.customer_id = c.customer_id""");
        AtomicOutput.write(mart, UUID.randomUUID().toString(), dir -> joined.write().parquet(dir.toString()));
        lineage.complete(List.of(JobLineage.file(customers), JobLineage.file(orders)), List.of(JobLineage.file(mart)),
                Optional.empty());
        return spark.read().parquet(mart.toString()).count();
    }
}

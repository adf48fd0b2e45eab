package io.steward.cli;

import io.steward.pii.spark.SparkPiiScan;
import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/**
 * The Spark side of `steward pii scan`: one pass that samples the rows and brings their values,
 * as text, to the classifier. Kept apart from the command class (see CheckJob).
 */
record PiiScanJob(Path data, DataFiles.Format format, ScanOptions options, String master, JobLineage lineage) {

    SparkPiiScan.Sample sample(Progress progress) {
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward pii scan", master);
        lineage.attach(spark);
        Dataset<Row> dataset = DataFiles.read(spark, data, format);
        progress.show("sampling " + data);
        return SparkPiiScan.sample(dataset, options.sampling());
    }
}

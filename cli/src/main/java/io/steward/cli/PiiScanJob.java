package io.steward.cli;

import io.steward.rules.SparkSessions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Spark side of `steward pii scan`: one pass that samples the rows and brings their values,
 * as text, to the classifier. Kept apart from the command class (see CheckJob).
 */
record PiiScanJob(Path data, DataFiles.Format format, ScanOptions options, String master) {

    /** The sampled values by column, in row order (null for SQL NULL). */
    record Sample(Map<String, List<String>> columns, int rowCount) {
    }

    Sample sample(Progress progress) {
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward pii scan", master);
        Dataset<Row> dataset = DataFiles.read(spark, data, format);
        progress.show("sampling " + data);
        return sample(dataset, options);
    }

    /** One pass over the dataset: the sampled rows, at most --max-rows, with every value as text. */
    static Sample sample(Dataset<Row> dataset, ScanOptions options) {
        Dataset<Row> sampled = options.sampleFraction < 1.0
                ? dataset.sample(false, options.sampleFraction, options.seed) : dataset;
        String[] names = dataset.columns();
        Column[] asText = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            asText[i] = dataset.col(names[i]).cast("string");
        }
        List<Row> rows = sampled.select(asText).limit(options.maxRows).collectAsList();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            List<String> values = new ArrayList<>(rows.size());
            for (Row row : rows) {
                values.add(row.isNullAt(i) ? null : row.getString(i));
            }
            columns.put(names[i], values);
        }
        return new Sample(columns, rows.size());
    }
}

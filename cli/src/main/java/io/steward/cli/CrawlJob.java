package io.steward.cli;

import io.steward.rules.SparkSessions;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The Spark side of `steward crawl`: each found dataset's schema as Spark infers it, nested
 * structs, arrays and maps included, with the partition columns its folders name. Parquet
 * schemas are merged across files (a column added in a newer partition shows); CSV and JSON are
 * inferred from all their rows up to {@link #SAMPLED_BYTES}, from a sample of rows beyond.
 */
record CrawlJob(String master) {

    static final long SAMPLED_BYTES = 256L * 1024 * 1024;

    /** A field as the catalog records it: its name and Spark's full type name ("bigint", "struct<...>"). */
    record Field(String name, String type) {
    }

    /** A found dataset, its schema, and the share of its rows the schema was inferred from. */
    record Crawled(Lake.Found found, List<Field> fields, double sampled) {
    }

    List<Crawled> schemas(List<Lake.Found> datasets, Progress progress) {
        if (datasets.isEmpty()) {
            return List.of();
        }
        progress.show("starting Spark (" + master + ")");
        SparkSession spark = SparkSessions.create("steward crawl", master);
        List<Crawled> crawled = new ArrayList<>();
        for (Lake.Found found : datasets) {
            progress.show("inferring the schema of " + found.location());
            double ratio = found.bytes() <= SAMPLED_BYTES ? 1.0 : Math.max(0.001, (double) SAMPLED_BYTES / found.bytes());
            DataFrameReader reader = spark.read().option("samplingRatio", ratio).option("mergeSchema", "true");
            Lake.separator(found).ifPresent(sep -> reader.option("sep", sep));
            StructType schema = DataFiles.read(reader, found.location().toString(), found.format()).schema();
            List<Field> fields = new ArrayList<>();
            for (StructField field : schema.fields()) {
                fields.add(new Field(field.name(), field.dataType().catalogString()));
            }
            crawled.add(new Crawled(found, fields, ratio));
        }
        return crawled;
    }
}

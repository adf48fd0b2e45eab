package io.steward.pii.spark;

import io.steward.pii.ColumnClassification;
import io.steward.pii.ColumnClassifier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Spark adapter of the classifier: one pass that samples rows (a fraction, then at most
 * maxRows, which Spark stops reading at) and brings their values to the driver as text, where
 * the columns are classified in parallel.
 */
public final class SparkPiiScan {

    /** How rows are sampled: AWS Glue's default fraction is 0.1. */
    public record Sampling(double fraction, int maxRows, long seed) {
        public Sampling {
            if (fraction <= 0 || fraction > 1) {
                throw new IllegalArgumentException("the sample fraction is a share of rows in (0, 1], found " + fraction);
            }
            if (maxRows < 1) {
                throw new IllegalArgumentException("at least one row must be sampled");
            }
        }
    }

    /**
     * The sampled values of each column, in row order (null for SQL NULL), how many rows, and each
     * column's type as Spark names it ("string", "bigint").
     */
    public record Sample(Map<String, List<String>> columns, int rowCount, Map<String, String> types) {
    }

    private SparkPiiScan() {
    }

    public static Sample sample(Dataset<Row> dataset, Sampling sampling) {
        Dataset<Row> sampled = sampling.fraction() < 1.0
                ? dataset.sample(false, sampling.fraction(), sampling.seed()) : dataset;
        String[] names = dataset.columns();
        Column[] asText = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            asText[i] = dataset.col("`" + names[i].replace("`", "``") + "`").cast("string");
        }
        List<Row> rows = sampled.select(asText).limit(sampling.maxRows()).collectAsList();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            List<String> values = new ArrayList<>(rows.size());
            for (Row row : rows) {
                values.add(row.isNullAt(i) ? null : row.getString(i));
            }
            columns.put(names[i], values);
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (org.apache.spark.sql.types.StructField field : dataset.schema().fields()) {
            types.put(field.name(), field.dataType().catalogString());
        }
        return new Sample(columns, rows.size(), types);
    }

    /**
     * Classifies every column of the sample, columns in parallel (the classifier is thread-safe);
     * spans, if wanted, arrive from several threads and must be handled thread-safely.
     */
    public static List<ColumnClassification> classify(Sample sample, ColumnClassifier classifier,
                                                      Consumer<ColumnClassifier.SpanFinding> spans) {
        return sample.columns().entrySet().parallelStream()
                .map(e -> classifier.classify(e.getKey(), e.getValue(), spans))
                .toList();
    }
}

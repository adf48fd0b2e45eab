package io.steward.rules;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * One unit of an incrementally checked dataset: a Hive-style partition or a file.
 *
 * @param id          stable name of the part within its dataset (e.g. {@code day=2026-01-01})
 * @param fingerprint changes whenever the part's content may have changed (its files, sizes, times)
 * @param rows        reads the part's rows, with the dataset's partition columns
 */
public record DataPart(String id, String fingerprint, Supplier<Dataset<Row>> rows) {
    public DataPart {
        requireNonNull(id, "id");
        requireNonNull(fingerprint, "fingerprint");
        requireNonNull(rows, "rows");
    }
}

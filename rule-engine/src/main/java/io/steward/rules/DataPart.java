package io.steward.rules;

import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One unit of an incrementally checked dataset: a Hive-style partition or a file.
 *
 * @param id          stable name of the part within its dataset (e.g. {@code day=2026-01-01})
 * @param fingerprint changes whenever the part's content may have changed (its files, sizes, times)
 * @param files       the part's data files, which tell its rows apart from other parts' in a shared scan
 */
public record DataPart(String id, String fingerprint, List<Path> files) {
    public DataPart {
        requireNonNull(id, "id");
        requireNonNull(fingerprint, "fingerprint");
        files = List.copyOf(files);
    }

    /** Reads several parts in one scan, with the dataset's partition columns (and Spark's _metadata). */
    @FunctionalInterface
    public interface Reader {
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> read(List<DataPart> parts);
    }
}

package io.steward.cli;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a dataset (a file or a folder of files) in one of the formats the contract names. */
public final class DataFiles {

    public enum Format { CSV, PARQUET, JSON, JSONL }

    private DataFiles() {
    }

    /** The dataset at path; a path Spark cannot read in that format is an input error. */
    static Dataset<Row> read(SparkSession spark, Path path, Format format) {
        return read(spark, path.toString(), format);
    }

    /** The dataset at a location as the catalog records it (a path or a URL Spark reads). */
    static Dataset<Row> read(SparkSession spark, String location, Format format) {
        return read(spark.read(), location, format);
    }

    /** The dataset at a location, read with options already set (such as Spark's basePath). */
    static Dataset<Row> read(DataFrameReader reader, String location, Format format) {
        return read(reader, java.util.List.of(location), format);
    }

    /** The files or folders read as one dataset, with options already set. */
    static Dataset<Row> read(DataFrameReader reader, java.util.List<String> locations, Format format) {
        try {
            return load(reader, locations.toArray(String[]::new), format);
        } catch (Exception e) { // Spark's AnalysisException (path, schema) is checked
            String where = locations.size() == 1 ? locations.get(0) : locations.get(0) + " (and "
                    + (locations.size() - 1) + " more)";
            throw new InputException(where + ": cannot read as " + format.name().toLowerCase(Locale.ROOT) + ": "
                    + CheckCommand.firstLine(e), e);
        }
    }

    /**
     * The dataset as a rewrite must see it: CSV values as the text they are (no type inference, so
     * "007" stays "007"), the other formats as Spark reads them.
     */
    static Dataset<Row> readVerbatim(SparkSession spark, String location, Format format) {
        if (format != Format.CSV) {
            return read(spark, location, format);
        }
        try {
            return spark.read().option("header", "true").option("mode", "FAILFAST").csv(location);
        } catch (Exception e) { // Spark's AnalysisException (path, schema) is checked
            throw new InputException(location + ": cannot read as csv: " + CheckCommand.firstLine(e), e);
        }
    }

    private static Dataset<Row> load(DataFrameReader reader, String[] location, Format format) {
        return switch (format) {
            case CSV -> reader.option("header", "true").option("inferSchema", "true")
                    .option("mode", "FAILFAST").csv(location);
            case PARQUET -> reader.parquet(location);
            // A .json file holds one document (an array or an object); .jsonl holds one per line.
            case JSON -> reader.option("multiLine", "true").option("mode", "FAILFAST").json(location);
            case JSONL -> reader.option("mode", "FAILFAST").json(location);
        };
    }

    /** Writes the rows into dir in the format (CSV with a header row; json and jsonl as JSON lines). */
    static void write(Dataset<Row> rows, Path dir, Format format) {
        switch (format) {
            case CSV -> rows.write().option("header", "true").csv(dir.toString());
            case PARQUET -> rows.write().parquet(dir.toString());
            case JSON, JSONL -> rows.write().json(dir.toString());
        }
    }

    /** Writes rows read by {@link #readVerbatim} back as they were: CSV keeps its values' blanks. */
    static void writeVerbatim(Dataset<Row> rows, Path dir, Format format) {
        if (format == Format.CSV) {
            rows.write().option("header", "true").option("ignoreLeadingWhiteSpace", "false")
                    .option("ignoreTrailingWhiteSpace", "false").csv(dir.toString());
        } else {
            write(rows, dir, format);
        }
    }

    /** How many rows a folder written by {@link #write} holds (read without schema inference). */
    static long countWritten(SparkSession spark, Path dir, Format format) {
        return switch (format) {
            case CSV -> spark.read().option("header", "true").csv(dir.toString()).count();
            case PARQUET -> spark.read().parquet(dir.toString()).count();
            case JSON, JSONL -> spark.read().json(dir.toString()).count();
        };
    }

    /**
     * The local path of a cataloged location (a path or a file: URL), or empty for an object
     * store: only a local file system renames atomically, which rewriting data in place relies on.
     */
    static java.util.Optional<Path> localPath(String location) {
        if (location == null || location.contains("://") && !location.startsWith("file:")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Path.of(location.replaceFirst("^file:(//)?", "")));
    }

    /**
     * A cataloged dataset's format: the one the catalog records, or else the extension of a local
     * location's files; null when neither says (an object store without a recorded format).
     */
    static Format cataloged(String format, String location) {
        if (format != null) {
            return format(Path.of("data"), format);
        }
        return location != null && !location.contains("://") ? format(Path.of(location), null) : null;
    }

    /** The format named by --format, or else the extension of the file (or of the files in the folder). */
    static Format format(Path path, String explicit) {
        if (explicit != null) {
            try {
                return Format.valueOf(explicit.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InputException("unknown --format '" + explicit + "': use csv, parquet, json or jsonl");
            }
        }
        if (!Files.exists(path)) {
            throw new InputException(path + ": no such file or directory");
        }
        String name = path.getFileName().toString();
        if (Files.isDirectory(path)) {
            try {
                name = DataParts.dataFiles(path).stream().map(f -> f.getFileName().toString()).findFirst()
                        .orElseThrow(() -> new InputException(path + ": the folder holds no data files"));
            } catch (UncheckedIOException e) {
                throw new InputException(path + ": cannot list: " + e.getCause().getMessage(), e);
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return Format.CSV;
        }
        if (lower.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return Format.JSONL;
        }
        if (lower.endsWith(".json")) {
            return Format.JSON;
        }
        throw new InputException(path + ": cannot tell the format from the name; add --format csv|parquet|json|jsonl");
    }
}

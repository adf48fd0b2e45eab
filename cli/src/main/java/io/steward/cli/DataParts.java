package io.steward.cli;

import io.steward.rules.DataPart;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The parts an incremental check bookmarks: each Hive-style partition folder ({@code key=value/},
 * possibly nested) of a partitioned dataset, or else each file of a folder (a single file is one
 * part). A part's fingerprint is the names, sizes and modification times of its files, so
 * appending, replacing or deleting a file makes the part new again.
 */
public final class DataParts {

    private DataParts() {
    }

    /** The dataset's parts, in path order. */
    public static List<DataPart> of(Path data) {
        Path root = data.toAbsolutePath().normalize();
        Map<String, List<Path>> parts = new TreeMap<>();
        for (Path file : dataFiles(root)) {
            Path relative = root.relativize(file);
            boolean partitioned = relative.getParent() != null && isPartition(relative.getParent());
            String id = relative.toString().isEmpty() ? file.getFileName().toString()
                    : partitioned ? relative.getParent().toString() : relative.toString();
            parts.computeIfAbsent(id, k -> new ArrayList<>()).add(file);
        }
        List<DataPart> result = new ArrayList<>();
        parts.forEach((id, files) -> result.add(new DataPart(id, fingerprint(root, files), files)));
        return result;
    }

    /**
     * Reads parts of the dataset in one scan of their files; Spark derives the partition columns
     * from the paths below the root.
     */
    public static DataPart.Reader reader(SparkSession spark, Path data, DataFiles.Format format) {
        Path root = data.toAbsolutePath().normalize();
        return parts -> {
            List<String> files = parts.stream().flatMap(p -> p.files().stream()).map(Path::toString).toList();
            DataFrameReader reader = spark.read();
            if (Files.isDirectory(root)) {
                reader.option("basePath", root.toString());
            }
            return DataFiles.read(reader, files, format);
        };
    }

    /** Whether every folder of a relative path is a Hive partition, key=value. */
    static boolean isPartition(Path relative) {
        for (Path segment : relative) {
            String name = segment.toString();
            int equals = name.indexOf('=');
            if (equals <= 0 || equals == name.length() - 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The data files at a path, sorted: the path itself when it is a file, else every file below
     * it that Spark reads (names starting with "." or "_" are Spark's and Hadoop's own, such as
     * _SUCCESS and .crc files).
     */
    static List<Path> dataFiles(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> all = Files.walk(path)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> path.relativize(p).toString().isEmpty() || visible(path.relativize(p)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    private static boolean visible(Path relative) {
        for (Path segment : relative) {
            String name = segment.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return false;
            }
        }
        return true;
    }

    private static String fingerprint(Path root, List<Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                String line = root.relativize(file) + "\t" + Files.size(file) + "\t"
                        + Files.getLastModifiedTime(file).toMillis() + "\n";
                digest.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the files of " + root, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

package io.steward.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What a crawl finds in a lake folder, before Spark reads anything: the datasets, each with its
 * format, CSV delimiter and Hive partitions. A file directly in the crawled folder is a dataset of
 * its own (the crawled folder is one dataset only when it holds partition folders itself); below
 * it, a folder holding data files, or Hive partition folders ({@code key=value/}, nested for
 * several keys), is one dataset; a folder holding only other folders is walked into.
 * Formats come from the extension, and from the first bytes where the extension does not say
 * (Parquet's magic number; a JSON document or JSON lines; else text, read as CSV). A dataset
 * whose files disagree on the format, or on the partition keys, is a problem, not a guess.
 */
final class Lake {

    /** Delimiters a CSV file is sniffed for, most usual first. */
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};
    private static final int SNIFF_LINES = 20;

    /** A dataset found in the lake. */
    record Found(Path location, DataFiles.Format format, char delimiter, List<String> partitionKeys,
                 int partitions, int files, long bytes) {
        Found {
            partitionKeys = List.copyOf(partitionKeys);
        }
    }

    /** A folder or file the crawl could not make a dataset of, and why. */
    record Problem(Path location, String message) {
    }

    record Crawl(List<Found> datasets, List<Problem> problems) {
        Crawl {
            datasets = List.copyOf(datasets);
            problems = List.copyOf(problems);
        }
    }

    private Lake() {
    }

    static Crawl crawl(Path root) {
        Path start = root.toAbsolutePath().normalize();
        if (!Files.exists(start)) {
            throw new InputException(root + ": no such file or directory");
        }
        List<Found> found = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(start) || children(start).stream().anyMatch(Lake::isPartitionName)) {
            classify(start, found, problems);
        } else {
            walk(start, true, found, problems);
        }
        return new Crawl(found, problems);
    }

    private static void walk(Path folder, boolean top, List<Found> found, List<Problem> problems) {
        for (Path child : children(folder)) {
            if (Files.isRegularFile(child)) {
                if (top) {
                    classify(child, found, problems);
                }
            } else if (isDataset(child)) {
                classify(child, found, problems);
            } else {
                walk(child, false, found, problems);
            }
        }
    }

    /** A folder is a dataset when it holds data files or partition folders directly. */
    private static boolean isDataset(Path folder) {
        return children(folder).stream().anyMatch(c -> Files.isRegularFile(c) || isPartitionName(c));
    }

    private static void classify(Path location, List<Found> found, List<Problem> problems) {
        List<Path> files = DataParts.dataFiles(location);
        if (files.isEmpty()) {
            problems.add(new Problem(location, "no data files"));
            return;
        }
        Set<DataFiles.Format> formats = new TreeSet<>();
        Set<List<String>> keys = new LinkedHashSet<>();
        Set<Path> partitions = new TreeSet<>();
        long bytes = 0;
        for (Path file : files) {
            formats.add(format(file));
            Path relative = location.relativize(file).getParent();
            List<String> fileKeys = new ArrayList<>();
            if (relative != null) {
                if (!DataParts.isPartition(relative)) {
                    problems.add(new Problem(location, "a data file below it is not in a key=value partition folder: "
                            + location.relativize(file)));
                    return;
                }
                relative.forEach(p -> fileKeys.add(p.toString().substring(0, p.toString().indexOf('='))));
                partitions.add(relative);
            }
            keys.add(fileKeys);
            bytes += size(file);
        }
        if (formats.size() > 1) {
            problems.add(new Problem(location, "files in more than one format: " + formats.stream()
                    .map(f -> f.name().toLowerCase(Locale.ROOT)).toList()));
            return;
        }
        if (keys.size() > 1) {
            problems.add(new Problem(location, "partition folders disagree on their keys: " + keys));
            return;
        }
        DataFiles.Format format = formats.iterator().next();
        char delimiter = format == DataFiles.Format.CSV ? delimiter(files.get(0)) : ',';
        found.add(new Found(location, format, delimiter, keys.iterator().next(), partitions.size(), files.size(),
                bytes));
    }

    /** The format by extension, else by the first bytes. */
    static DataFiles.Format format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return DataFiles.Format.PARQUET;
        }
        if (name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".tsv")) {
            return DataFiles.Format.CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".jsonl.gz")) {
            return DataFiles.Format.JSONL;
        }
        byte[] head = head(file, 4096);
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
            return DataFiles.Format.PARQUET;
        }
        String text = new String(head, StandardCharsets.UTF_8).stripLeading();
        if (text.startsWith("[")) {
            return DataFiles.Format.JSON;
        }
        if (text.startsWith("{")) {
            // JSON lines when the first line is a whole object; else one document across lines.
            String first = text.lines().findFirst().orElse("").strip();
            return first.endsWith("}") && balanced(first) ? DataFiles.Format.JSONL : DataFiles.Format.JSON;
        }
        return DataFiles.Format.CSV;
    }

    /** Whether braces and brackets outside strings close on this line. */
    private static boolean balanced(String line) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return depth == 0;
    }

    /**
     * The CSV delimiter: of the usual ones, the one that appears the same number of times (at
     * least once) on every one of the first lines, outside quotes; the most frequent on a tie;
     * a comma when none is consistent (a one-column file).
     */
    static char delimiter(Path file) {
        List<String> lines = new String(head(file, 64 * 1024), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).limit(SNIFF_LINES + 1L).toList();
        if (lines.size() > SNIFF_LINES) { // the last line may be cut by the 64 KiB read
            lines = lines.subList(0, SNIFF_LINES);
        }
        char best = ',';
        int bestCount = 0;
        for (char candidate : DELIMITERS) {
            int count = -1;
            for (String line : lines) {
                int here = countOutsideQuotes(line, candidate);
                if (count == -1) {
                    count = here;
                } else if (here != count) {
                    count = 0;
                    break;
                }
            }
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    private static int countOutsideQuotes(String line, char delimiter) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == delimiter && !quoted) {
                count++;
            }
        }
        return count;
    }

    private static byte[] head(Path file, int bytes) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return in.readNBytes(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean isPartitionName(Path folder) {
        return Files.isDirectory(folder) && DataParts.isPartition(folder.getFileName());
    }

    /** The visible entries of a folder, sorted (names starting with "." or "_" are Spark's own). */
    private static List<Path> children(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().startsWith("_")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** The Spark read option for a found CSV's delimiter, for readers that need it. */
    static Optional<String> separator(Found found) {
        return found.format() == DataFiles.Format.CSV && found.delimiter() != ','
                ? Optional.of(String.valueOf(found.delimiter())) : Optional.empty();
    }
}

package io.steward.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Metric history in a folder: one JSON-lines file per dataset, one line per run,
 * {"time":"...","dataset":"...","metrics":{"Dataset.*.RowCount":200.0,...}}. Lines are appended
 * whole; a line cut short by a crash is skipped when read.
 */
public final class FileMetricHistory implements MetricHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;

    public FileMetricHistory(Path directory) {
        this.directory = directory;
    }

    @Override
    public List<Double> recent(String dataset, String metric, int count) {
        Path file = file(dataset);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metric history " + file, e);
        }
        List<Double> values = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && values.size() < count; i--) {
            JsonNode value = parse(lines.get(i)).path("metrics").path(metric);
            if (value.isNumber()) {
                values.add(value.doubleValue());
            }
        }
        return values;
    }

    @Override
    public void record(String dataset, Instant time, Map<String, Double> metrics) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", time.toString());
        line.put("dataset", dataset);
        ObjectNode values = line.putObject("metrics");
        metrics.forEach((name, value) -> {
            if (Double.isFinite(value)) {
                values.put(name, value);
            }
        });
        try {
            Files.createDirectories(directory);
            Path file = file(dataset);
            // After a crash mid-line, start on a fresh line so only the broken line is lost.
            String prefix = endsMidLine(file) ? "\n" : "";
            Files.writeString(file, prefix + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metric history in " + directory, e);
        }
    }

    private static boolean endsMidLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return false;
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(channel.size() - 1).read(last);
            return last.get(0) != '\n';
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** A readable, collision-free file name for any dataset name or path. */
    private Path file(String dataset) {
        String readable = dataset.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (readable.length() > 80) {
            readable = readable.substring(readable.length() - 80);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(dataset.getBytes(StandardCharsets.UTF_8));
            return directory.resolve(readable + "-" + HexFormat.of().formatHex(digest, 0, 6) + ".jsonl");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

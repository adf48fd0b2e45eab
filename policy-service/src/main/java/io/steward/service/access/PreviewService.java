package io.steward.service.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.steward.masking.MaskingKey;
import io.steward.masking.RowFilter;
import io.steward.masking.Transform;
import io.steward.masking.TransformSpec;
import io.steward.service.access.AccessApi.ColumnDecision;
import io.steward.service.access.AccessApi.Decision;
import io.steward.service.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A few rows of a dataset as the caller may see them, for the UI and for a quick look: the
 * caller's decision applied in plain Java, exactly as the Spark read applies it (the same
 * transforms, the same row filter). Reads local CSV and JSON-lines files; a keyed mask with no
 * key configured (STEWARD_MASKING_KEY) shows "<TYPE>", never the value.
 */
@ApplicationScoped
public class PreviewService {

    /** How many rows are read at most to find the rows the filter grants. */
    private static final int SCAN_LIMIT = 10_000;

    /** The preview: the columns shown (denied ones left out) and the rows. */
    public record Preview(List<String> columns, List<Map<String, Object>> rows, Decision decision) {
    }

    private final ObjectMapper json;
    private final Optional<MaskingKey> key;

    public PreviewService(ObjectMapper json) {
        this.json = json;
        try {
            this.key = MaskingKey.configured(null, System.getenv());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // no file is named: only the environment is read
        }
    }

    /** Reads on a worker thread: files are blocking I/O. */
    public Uni<Preview> preview(String location, String format, Decision decision, int limit) {
        return Uni.createFrom().item(() -> read(location, format, decision, Math.max(1, Math.min(limit, 100))))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Preview read(String location, String format, Decision decision, int limit) {
        if (location == null || location.isBlank()) {
            throw ApiException.badRequest("the catalog has no location for " + decision.dataset());
        }
        Path path = Path.of(location.startsWith("file:") ? location.substring(5) : location);
        if (!Files.isRegularFile(path)) {
            throw ApiException.badRequest("preview reads local CSV and JSON-lines files; " + location + " is not one");
        }
        String kind = format == null ? "" : format.toLowerCase(Locale.ROOT);
        Optional<RowFilter> filter = Optional.ofNullable(decision.rowFilter()).map(f -> RowFilter.parse(f, null));
        Map<String, Transform> masks = new LinkedHashMap<>();
        List<String> shown = new ArrayList<>();
        for (ColumnDecision column : decision.columns()) {
            if (column.decision().equals("deny")) {
                continue;
            }
            shown.add(column.column());
            if (column.decision().equals("mask")) {
                masks.put(column.column(), transform(column));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(path)) {
            Iterator<Map<String, Object>> source = switch (kind) {
                case "csv" -> csv(reader);
                case "jsonl", "json" -> jsonLines(reader);
                default -> throw ApiException.badRequest("preview reads csv and jsonl, not '" + format + "'");
            };
            for (int scanned = 0; source.hasNext() && rows.size() < limit && scanned < SCAN_LIMIT; scanned++) {
                Map<String, Object> row = source.next();
                if (filter.isPresent() && !filter.get().matches(row)) {
                    continue;
                }
                Map<String, Object> visible = new LinkedHashMap<>();
                for (String column : shown) {
                    Object value = row.get(column);
                    Transform mask = masks.get(column);
                    visible.put(column, mask == null || value == null ? value : mask.apply(value.toString()));
                }
                rows.add(visible);
            }
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read " + location + ": " + e.getMessage());
        }
        return new Preview(shown, rows, decision);
    }

    private Transform transform(ColumnDecision column) {
        String type = column.entityType() == null ? "REDACTED" : column.entityType();
        try {
            return TransformSpec.parse(column.transform(), type, key);
        } catch (IllegalArgumentException e) { // a keyed mask, and no key here: show the type, never the value
            return new Transform.Redact(type);
        }
    }

    private static Iterator<Map<String, Object>> csv(BufferedReader reader) throws IOException {
        MappingIterator<Map<String, Object>> rows = new CsvMapper().readerForMapOf(Object.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(reader);
        return rows;
    }

    private Iterator<Map<String, Object>> jsonLines(BufferedReader reader) {
        Iterator<String> lines = reader.lines().filter(l -> !l.isBlank()).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public Map<String, Object> next() {
                try {
                    JsonNode node = json.readTree(lines.next());
                    Map<String, Object> row = new LinkedHashMap<>();
                    node.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().isNull() ? null
                            : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
                    return row;
                } catch (IOException e) {
                    throw ApiException.badRequest("a line of the dataset is not JSON: " + e.getMessage());
                }
            }
        };
    }
}

package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.steward.pii.ColumnClassification;
import io.steward.pii.EntityShare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records a scan in the policy service's catalog: the dataset (registered if new), its schema
 * (a new version if it changed) and every tag as a proposed, detected tag for a reviewer.
 */
final class TagRecorder {

    private final ServiceClient client;

    TagRecorder(ServiceClient client) {
        this.client = client;
    }

    /** @return how many tags were proposed */
    int record(String dataset, Path data, DataFiles.Format format, Map<String, String> types,
               List<ColumnClassification> columns) {
        long id = ensureDataset(client, dataset, data, format);
        List<Map<String, String>> fields = new ArrayList<>();
        types.forEach((column, type) -> fields.add(Map.of("name", column, "type", type)));
        client.put("/api/v1/datasets/" + id + "/schema", Map.of("fields", fields));
        List<Map<String, Object>> tags = new ArrayList<>();
        for (ColumnClassification column : columns) {
            for (EntityShare share : column.entities()) {
                tags.add(Map.of("column", column.column(), "entityType", share.type().name(),
                        "confidence", share.score(), "source", "detected",
                        "explanation", String.format(Locale.ROOT, "found in %.1f%% of %d sampled non-null values, "
                                + "mean score %.2f (steward pii scan)", share.fraction() * 100, column.nonNull(),
                                share.score()),
                        "evidence", share.evidence()));
            }
        }
        if (!tags.isEmpty()) {
            client.post("/api/v1/datasets/" + id + "/tags", tags);
        }
        return tags.size();
    }

    /** The catalog id of NAMESPACE:NAME, registering it with the data as its location when it is new. */
    static long ensureDataset(ServiceClient client, String dataset, Path data, DataFiles.Format format) {
        String[] name = ServiceClient.splitName(dataset, "--dataset");
        JsonNode found = client.get("/api/v1/datasets?namespace=" + ServiceClient.encode(name[0]) + "&name="
                + ServiceClient.encode(name[1]));
        if (found.isArray() && !found.isEmpty()) {
            return found.get(0).path("id").asLong();
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("namespace", name[0]);
        entry.put("name", name[1]);
        entry.put("location", data.toAbsolutePath().normalize().toString());
        entry.put("format", format.name().toLowerCase(Locale.ROOT));
        return client.post("/api/v1/datasets", entry).path("id").asLong();
    }
}

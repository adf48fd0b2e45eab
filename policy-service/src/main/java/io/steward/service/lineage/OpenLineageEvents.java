package io.steward.service.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.service.api.ApiException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reading OpenLineage events (spec 2-0-2: RunEvent, DatasetEvent, JobEvent): what kind each is,
 * the fields Steward needs, checked with an error naming the event and the field; and each
 * event's key, a hash of its canonical JSON (keys sorted), so the same event sent twice is one.
 */
final class OpenLineageEvents {

    static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

    enum Kind { RUN, DATASET, JOB }

    /** A dataset as events name it. */
    record DatasetName(String namespace, String name) {
    }

    /** An input column an output column is derived from, and how. */
    record ColumnSource(DatasetName dataset, String field, String type, String subtype, boolean masking) {
    }

    record ColumnEdge(DatasetName output, String field, ColumnSource source) {
    }

    /** A dataset's schema facet: its fields' names and types ("unknown" where the facet gives none). */
    record Schema(DatasetName dataset, List<io.steward.service.catalog.CatalogApi.Field> fields) {
    }

    /** One checked event: what the graph needs from it, and its key and canonical text. */
    record Event(Kind kind, String key, String canonical, OffsetDateTime time, String eventType, UUID runId,
                 UUID parentRunId, String jobNamespace, String jobName, String producer, List<DatasetName> inputs,
                 List<DatasetName> outputs, List<ColumnEdge> columns, List<Schema> schemas) {
    }

    private OpenLineageEvents() {
    }

    /** The events of a body: one event object, or an array of them. */
    static List<Event> read(JsonNode body, ObjectMapper json) {
        if (body == null || !(body.isObject() || body.isArray())) {
            throw ApiException.badRequest("the body is an OpenLineage event or an array of events");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(nodes::add);
        } else {
            nodes.add(body);
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String where = nodes.size() == 1 ? "event" : "event " + i;
            events.add(read(nodes.get(i), where, json));
        }
        return events;
    }

    private static Event read(JsonNode event, String where, ObjectMapper json) {
        if (!event.isObject()) {
            throw ApiException.badRequest(where + ": not a JSON object");
        }
        OffsetDateTime time = time(event, where);
        String producer = text(event, "producer", where);
        text(event, "schemaURL", where);
        String canonical = canonical(event, json);
        String key = sha256(canonical);
        if (event.has("run")) {
            String eventType = event.path("eventType").isMissingNode() || event.path("eventType").isNull() ? null
                    : text(event, "eventType", where);
            if (eventType != null && !EVENT_TYPES.contains(eventType)) {
                throw ApiException.badRequest(where + ": eventType '" + eventType + "' is not one of " + EVENT_TYPES);
            }
            UUID runId = uuid(event.path("run"), "runId", where + ": run.runId");
            JsonNode job = object(event, "job", where);
            JsonNode parent = event.path("run").path("facets").path("parent").path("run").path("runId");
            UUID parentRunId = parent.isTextual() ? uuid(event.path("run").path("facets").path("parent").path("run"),
                    "runId", where + ": run.facets.parent.run.runId") : null;
            List<DatasetName> outputs = datasets(event, "outputs", where);
            return new Event(Kind.RUN, key, canonical, time, eventType, runId, parentRunId,
                    text(job, "namespace", where + ": job"), text(job, "name", where + ": job"), producer,
                    datasets(event, "inputs", where), outputs, columns(event, where), schemas(event, where));
        }
        if (event.has("dataset")) {
            JsonNode dataset = object(event, "dataset", where);
            DatasetName name = new DatasetName(text(dataset, "namespace", where + ": dataset"),
                    text(dataset, "name", where + ": dataset"));
            List<Schema> schemas = new ArrayList<>();
            schema(dataset, name, where + ": dataset").ifPresent(schemas::add);
            return new Event(Kind.DATASET, key, canonical, time, null, null, null, null, null, producer, List.of(),
                    List.of(name), List.of(), schemas);
        }
        if (event.has("job")) {
            JsonNode job = object(event, "job", where);
            return new Event(Kind.JOB, key, canonical, time, null, null, null, text(job, "namespace", where + ": job"),
                    text(job, "name", where + ": job"), producer, datasets(event, "inputs", where),
                    datasets(event, "outputs", where), columns(event, where), schemas(event, where));
        }
        throw ApiException.badRequest(where + ": not a RunEvent, DatasetEvent or JobEvent (it has no run, dataset or job)");
    }

    private static List<DatasetName> datasets(JsonNode event, String field, String where) {
        JsonNode list = event.path(field);
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw ApiException.badRequest(where + ": " + field + " must be an array of datasets");
        }
        List<DatasetName> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = where + ": " + field + "[" + i + "]";
            names.add(new DatasetName(text(list.get(i), "namespace", at), text(list.get(i), "name", at)));
        }
        return names;
    }

    /** The schema facets of the inputs and outputs. */
    private static List<Schema> schemas(JsonNode event, String where) {
        List<Schema> schemas = new ArrayList<>();
        for (String side : List.of("inputs", "outputs")) {
            JsonNode list = event.path(side);
            for (int i = 0; i < list.size(); i++) {
                JsonNode dataset = list.get(i);
                schema(dataset, new DatasetName(dataset.path("namespace").asText(), dataset.path("name").asText()),
                        where + ": " + side + "[" + i + "]").ifPresent(schemas::add);
            }
        }
        return schemas;
    }

    /** A dataset's facets.schema.fields, checked: each field named once. */
    private static java.util.Optional<Schema> schema(JsonNode dataset, DatasetName name, String where) {
        JsonNode fields = dataset.path("facets").path("schema").path("fields");
        if (!fields.isArray() || fields.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<io.steward.service.catalog.CatalogApi.Field> parsed = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String at = where + ".facets.schema.fields[" + i + "]";
            String field = text(fields.get(i), "name", at);
            if (!seen.add(field)) {
                throw ApiException.badRequest(at + ": field '" + field + "' appears twice");
            }
            String type = fields.get(i).path("type").asText("");
            parsed.add(new io.steward.service.catalog.CatalogApi.Field(field, type.isBlank() ? "unknown" : type));
        }
        return java.util.Optional.of(new Schema(name, parsed));
    }

    /** The columnLineage facets of the outputs: each output field's input fields and transformations. */
    private static List<ColumnEdge> columns(JsonNode event, String where) {
        List<ColumnEdge> edges = new ArrayList<>();
        JsonNode outputs = event.path("outputs");
        for (int i = 0; i < outputs.size(); i++) {
            JsonNode fields = outputs.get(i).path("facets").path("columnLineage").path("fields");
            if (!fields.isObject()) {
                continue;
            }
            DatasetName output = new DatasetName(outputs.get(i).path("namespace").asText(),
                    outputs.get(i).path("name").asText());
            for (Iterator<String> names = fields.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                JsonNode inputs = fields.path(field).path("inputFields");
                for (int j = 0; j < inputs.size(); j++) {
                    JsonNode input = inputs.get(j);
                    String at = where + ": outputs[" + i + "].facets.columnLineage.fields." + field + ".inputFields[" + j + "]";
                    DatasetName source = new DatasetName(text(input, "namespace", at), text(input, "name", at));
                    String column = text(input, "field", at);
                    JsonNode transformations = input.path("transformations");
                    if (!transformations.isArray() || transformations.isEmpty()) {
                        edges.add(new ColumnEdge(output, field, new ColumnSource(source, column, "UNKNOWN", "", false)));
                    }
                    for (JsonNode transformation : transformations) {
                        edges.add(new ColumnEdge(output, field, new ColumnSource(source, column,
                                transformation.path("type").asText("UNKNOWN"), transformation.path("subtype").asText(""),
                                transformation.path("masking").asBoolean(false))));
                    }
                }
            }
        }
        return edges;
    }

    private static OffsetDateTime time(JsonNode event, String where) {
        String text = text(event, "eventTime", where);
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(where + ": eventTime '" + text + "' is not an ISO-8601 date and time with an offset");
        }
    }

    private static UUID uuid(JsonNode node, String field, String where) {
        String text = node.path(field).asText("");
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(where + " must be a UUID, found '" + text + "'");
        }
    }

    private static JsonNode object(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isObject()) {
            throw ApiException.badRequest(where + ": " + field + " must be an object");
        }
        return value;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest(where + ": " + field + " is required (a non-empty string)");
        }
        return value.asText();
    }

    /** The event with every object's keys sorted, as compact JSON: equal events, equal text. */
    static String canonical(JsonNode node, ObjectMapper json) {
        try {
            return json.writeValueAsString(sorted(node, json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node, ObjectMapper json) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue(), json)));
            ObjectNode copy = json.createObjectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = json.createArrayNode();
            node.forEach(element -> copy.add(sorted(element, json)));
            return copy;
        }
        return node;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

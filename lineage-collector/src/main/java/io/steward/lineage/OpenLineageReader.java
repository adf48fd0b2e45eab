package io.steward.lineage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.lineage.LineageEvent.Assertion;
import io.steward.lineage.LineageEvent.ColumnEdge;
import io.steward.lineage.LineageEvent.DatasetFacts;
import io.steward.lineage.LineageEvent.Direction;
import io.steward.lineage.LineageEvent.Field;
import io.steward.lineage.LineageEvent.Kind;
import io.steward.lineage.LineageEvent.Metric;
import io.steward.lineage.LineageEvent.Owner;
import io.steward.lineage.LineageEvent.Parent;
import io.steward.lineage.LineageEvent.PiiClassification;
import io.steward.lineage.LineageEvent.Symlink;
import io.steward.lineage.LineageEvent.Tag;
import io.steward.lineage.Names.DatasetName;
import io.steward.lineage.Names.FieldName;
import io.steward.lineage.Names.JobName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Reads OpenLineage events (spec 2-0-2: RunEvent, DatasetEvent, JobEvent) and the facets the
 * lineage graph keeps: schema, symlinks, version, ownership, tags, columnLineage, and the input
 * facets dataQualityMetrics and dataQualityAssertions, the output facet outputStatistics, the
 * run facets parent and errorMessage, and Steward's stewardPii. The fields the spec requires are
 * checked, and so is every facet field Steward reads; unknown facets are kept in the raw event
 * and otherwise ignored, as the spec asks of consumers.
 */
public final class OpenLineageReader {

    public static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

    private final ObjectMapper json;

    public OpenLineageReader(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The events of a request body: one event object, or an array of them. Each event keeps its
     * bytes exactly as received (where they lie in the body), and its key is their SHA-256: the
     * same event sent again (a client's retry) is recognized.
     */
    public List<LineageEvent> read(byte[] body) {
        List<LineageEvent> events = new ArrayList<>();
        try (JsonParser parser = json.getFactory().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                events.add(event(parser, body, "event"));
            } else if (first == JsonToken.START_ARRAY) {
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    String where = "event " + events.size();
                    if (token != JsonToken.START_OBJECT) {
                        throw new InvalidEventException(where + ": not a JSON object");
                    }
                    events.add(event(parser, body, where));
                }
            } else {
                throw new InvalidEventException("the body is an OpenLineage event or an array of events");
            }
            if (parser.nextToken() != null) {
                throw new InvalidEventException("the body has text after its last event, at line "
                        + parser.currentTokenLocation().getLineNr() + ":" + parser.currentTokenLocation().getColumnNr());
            }
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("the body is not JSON: line " + e.getLocation().getLineNr() + ":"
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** The event the parser stands at (on its START_OBJECT), with where its own bytes lie in the body. */
    private LineageEvent event(JsonParser parser, byte[] body, String where) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        JsonNode tree = parser.readValueAsTree();
        int end = (int) parser.currentLocation().getByteOffset();
        return event(tree, where, new LineageEvent.Received(body, start, end - start), sha256(body, start, end - start));
    }

    private LineageEvent event(JsonNode event, String where, LineageEvent.Received received, String key) {
        if (!event.isObject()) {
            throw new InvalidEventException(where + ": not a JSON object");
        }
        OffsetDateTime time = time(event, where);
        String producer = text(event, "producer", where);
        text(event, "schemaURL", where);
        if (event.has("run")) {
            String eventType = optionalText(event, "eventType", where);
            if (eventType != null && !EVENT_TYPES.contains(eventType)) {
                throw new InvalidEventException(where + ": eventType '" + eventType + "' is not one of "
                        + new TreeSet<>(EVENT_TYPES));
            }
            JsonNode run = object(event, "run", where);
            UUID runId = uuid(run, "runId", where + ": run.runId");
            JsonNode facets = run.path("facets");
            Parent parent = null;
            if (facets.path("parent").isObject()) {
                String at = where + ": run.facets.parent";
                JsonNode node = facets.path("parent");
                JsonNode job = object(node, "job", at);
                JsonNode root = node.path("root").path("run");
                parent = new Parent(uuid(object(node, "run", at), "runId", at + ".run.runId"),
                        new JobName(text(job, "namespace", at + ".job"), text(job, "name", at + ".job")),
                        root.isObject() ? uuid(root, "runId", at + ".root.run.runId") : null);
            }
            String error = facets.path("errorMessage").path("message").isTextual()
                    ? facets.path("errorMessage").path("message").asText() : null;
            return withJob(Kind.RUN, key, received, time, eventType, runId, parent, error, producer, event, where);
        }
        if (event.has("dataset")) {
            JsonNode dataset = object(event, "dataset", where);
            DatasetFacts facts = dataset(dataset, Direction.NONE, where + ": dataset");
            return new LineageEvent(Kind.DATASET, key, received, time, null, null, null, null, null, List.of(),
                    List.of(), null, producer, List.of(facts), List.of(), List.of());
        }
        if (event.has("job")) {
            return withJob(Kind.JOB, key, received, time, null, null, null, null, producer, event, where);
        }
        throw new InvalidEventException(where + ": not a RunEvent, DatasetEvent or JobEvent (it has no run, "
                + "dataset or job)");
    }

    private LineageEvent withJob(Kind kind, String key, LineageEvent.Received received, OffsetDateTime time, String eventType,
                                 UUID runId, Parent parent, String error, String producer, JsonNode event, String where) {
        JsonNode job = object(event, "job", where);
        JobName name = new JobName(text(job, "namespace", where + ": job"), text(job, "name", where + ": job"));
        List<DatasetFacts> datasets = new ArrayList<>();
        datasets.addAll(datasets(event, "inputs", Direction.INPUT, where));
        datasets.addAll(datasets(event, "outputs", Direction.OUTPUT, where));
        List<ColumnEdge> columns = columns(event, where);
        JsonNode facets = job.path("facets");
        List<LineageEvent.DatasetDependency> dependencies = dependencies(event, where);
        return new LineageEvent(kind, key, received, time, eventType, runId, parent, name,
                shape(datasets, columns, dependencies),
                owners(facets, where + ": job.facets"), tags(facets, where + ": job.facets"), error, producer, datasets,
                columns, dependencies);
    }

    private List<DatasetFacts> datasets(JsonNode event, String field, Direction direction, String where) {
        JsonNode list = event.path(field);
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidEventException(where + ": " + field + " must be an array of datasets");
        }
        List<DatasetFacts> datasets = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            datasets.add(dataset(list.get(i), direction, where + ": " + field + "[" + i + "]"));
        }
        return datasets;
    }

    private DatasetFacts dataset(JsonNode dataset, Direction direction, String where) {
        DatasetName name = new DatasetName(text(dataset, "namespace", where), text(dataset, "name", where));
        JsonNode facets = dataset.path("facets");
        String at = where + ".facets";
        String version = facets.path("version").path("datasetVersion").isTextual()
                ? facets.path("version").path("datasetVersion").asText() : null;
        JsonNode stats = dataset.path("outputFacets").path("outputStatistics");
        JsonNode quality = dataset.path("inputFacets").path("dataQualityMetrics");
        String qualityAt = where + ".inputFacets.dataQualityMetrics";
        Long rowCount = count(stats, "rowCount", where + ".outputFacets.outputStatistics");
        Long bytes = count(stats, "size", where + ".outputFacets.outputStatistics");
        Long files = count(stats, "fileCount", where + ".outputFacets.outputStatistics");
        if (rowCount == null) {
            rowCount = count(quality, "rowCount", qualityAt);
        }
        if (bytes == null) {
            bytes = count(quality, "bytes", qualityAt);
        }
        if (files == null) {
            files = count(quality, "fileCount", qualityAt);
        }
        return new DatasetFacts(name, direction, schema(facets, at), symlinks(facets, at), version, rowCount, bytes,
                files, metrics(quality, qualityAt), assertions(dataset.path("inputFacets"), where + ".inputFacets"),
                owners(facets, at), tags(facets, at), pii(facets, at), masked(facets, at));
    }

    /** facets.schema.fields: each field named once; "unknown" where the facet gives no type. */
    private static List<Field> schema(JsonNode facets, String where) {
        JsonNode fields = facets.path("schema").path("fields");
        if (fields.isMissingNode() || fields.isNull()) {
            return List.of();
        }
        String at = where + ".schema.fields";
        array(fields, at);
        List<Field> parsed = new ArrayList<>(fields.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String field = text(fields.get(i), "name", at + "[" + i + "]");
            if (!seen.add(field)) {
                throw new InvalidEventException(at + "[" + i + "]: field '" + field + "' appears twice");
            }
            String type = fields.get(i).path("type").asText("");
            parsed.add(new Field(field, type.isBlank() ? "unknown" : type));
        }
        return parsed;
    }

    private static List<Symlink> symlinks(JsonNode facets, String where) {
        return list(facets.path("symlinks").path("identifiers"), where + ".symlinks.identifiers", (id, at) ->
                new Symlink(new DatasetName(text(id, "namespace", at), text(id, "name", at)), id.path("type").asText("")));
    }

    private static List<Owner> owners(JsonNode facets, String where) {
        return list(facets.path("ownership").path("owners"), where + ".ownership.owners", (owner, at) ->
                new Owner(text(owner, "name", at), owner.path("type").asText("")));
    }

    private static List<Tag> tags(JsonNode facets, String where) {
        return list(facets.path("tags").path("tags"), where + ".tags.tags", (tag, at) ->
                new Tag(text(tag, "key", at), text(tag, "value", at), tag.path("source").asText(""),
                        tag.path("field").asText("")));
    }

    /** A facet's optional array, each element read with its path ("...owners[2]") for errors. */
    private static <T> List<T> list(JsonNode array, String where, java.util.function.BiFunction<JsonNode, String, T> read) {
        if (array.isMissingNode()) {
            return List.of();
        }
        array(array, where);
        List<T> parsed = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            parsed.add(read.apply(array.get(i), where + "[" + i + "]"));
        }
        return parsed;
    }

    /** dataQualityMetrics: rowCount and bytes of the dataset, and per column nullCount, distinctCount, sum, count, min, max. */
    private static List<Metric> metrics(JsonNode facet, String where) {
        if (!facet.isObject()) {
            return List.of();
        }
        List<Metric> metrics = new ArrayList<>();
        for (String name : List.of("rowCount", "bytes", "fileCount")) {
            Double value = number(facet, name, where);
            if (value != null) {
                metrics.add(new Metric("", name, value));
            }
        }
        JsonNode columns = facet.path("columnMetrics");
        for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> column = it.next();
            String at = where + ".columnMetrics." + column.getKey();
            for (Iterator<Map.Entry<String, JsonNode>> m = column.getValue().fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> metric = m.next();
                if (metric.getValue().isNumber()) {
                    metrics.add(new Metric(column.getKey(), metric.getKey(), metric.getValue().asDouble()));
                } else if (!metric.getValue().isContainerNode() && !metric.getValue().isNull()) {
                    throw new InvalidEventException(at + "." + metric.getKey() + " must be a number");
                }
            }
        }
        return metrics;
    }

    private static List<Assertion> assertions(JsonNode inputFacets, String where) {
        return list(inputFacets.path("dataQualityAssertions").path("assertions"),
                where + ".dataQualityAssertions.assertions", (assertion, at) -> {
                    if (!assertion.path("success").isBoolean()) {
                        throw new InvalidEventException(at + ": success is required (true or false)");
                    }
                    return new Assertion(text(assertion, "assertion", at), assertion.path("column").asText(""),
                            assertion.path("success").asBoolean());
                });
    }

    /** stewardPii: {"columns": {"email": [{"type": "EMAIL_ADDRESS", "score": 0.97}]}}. */
    private static List<PiiClassification> pii(JsonNode facets, String where) {
        JsonNode columns = facets.path("stewardPii").path("columns");
        if (!columns.isObject()) {
            return List.of();
        }
        List<PiiClassification> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> column = it.next();
            String at = where + ".stewardPii.columns." + column.getKey();
            array(column.getValue(), at);
            for (int i = 0; i < column.getValue().size(); i++) {
                JsonNode entity = column.getValue().get(i);
                Double score = number(entity, "score", at + "[" + i + "]");
                if (score == null || score < 0 || score > 1) {
                    throw new InvalidEventException(at + "[" + i + "]: score is required, between 0 and 1");
                }
                found.add(new PiiClassification(column.getKey(), text(entity, "type", at + "[" + i + "]"), score));
            }
        }
        return found;
    }

    /** stewardMasking: {"columns": {"email": {"transform": "keyed_hash", "keyId": "k1"}}}. */
    private static List<LineageEvent.MaskedColumn> masked(JsonNode facets, String where) {
        JsonNode columns = facets.path("stewardMasking").path("columns");
        if (!columns.isObject()) {
            return List.of();
        }
        List<LineageEvent.MaskedColumn> masked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> column = it.next();
            String at = where + ".stewardMasking.columns." + column.getKey();
            JsonNode keyId = column.getValue().path("keyId");
            masked.add(new LineageEvent.MaskedColumn(column.getKey(), text(column.getValue(), "transform", at),
                    keyId.isTextual() ? keyId.asText() : null));
        }
        return masked;
    }

    /** The columnLineage facets' dataset-level entries: input columns influencing a whole output. */
    private static List<LineageEvent.DatasetDependency> dependencies(JsonNode event, String where) {
        List<LineageEvent.DatasetDependency> dependencies = new ArrayList<>();
        JsonNode outputs = event.path("outputs");
        for (int i = 0; i < outputs.size(); i++) {
            JsonNode inputs = outputs.get(i).path("facets").path("columnLineage").path("dataset");
            if (inputs.isMissingNode() || inputs.isNull()) {
                continue;
            }
            String at = where + ": outputs[" + i + "].facets.columnLineage.dataset";
            array(inputs, at);
            DatasetName output = new DatasetName(outputs.get(i).path("namespace").asText(),
                    outputs.get(i).path("name").asText());
            for (int j = 0; j < inputs.size(); j++) {
                JsonNode input = inputs.get(j);
                String one = at + "[" + j + "]";
                FieldName source = new FieldName(new DatasetName(text(input, "namespace", one), text(input, "name", one)),
                        text(input, "field", one));
                JsonNode transformations = input.path("transformations");
                for (int k = 0; k < transformations.size(); k++) {
                    JsonNode t = transformations.get(k);
                    dependencies.add(new LineageEvent.DatasetDependency(output, source,
                            text(t, "type", one + ".transformations[" + k + "]"), t.path("subtype").asText("")));
                }
            }
        }
        return dependencies;
    }

    /** The columnLineage facets of the outputs: each output field's input fields and their transformations. */
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
                String at = where + ": outputs[" + i + "].facets.columnLineage.fields." + field + ".inputFields";
                array(inputs, at);
                for (int j = 0; j < inputs.size(); j++) {
                    JsonNode input = inputs.get(j);
                    String one = at + "[" + j + "]";
                    FieldName source = new FieldName(new DatasetName(text(input, "namespace", one),
                            text(input, "name", one)), text(input, "field", one));
                    FieldName target = new FieldName(output, field);
                    JsonNode transformations = input.path("transformations");
                    if (!transformations.isArray() || transformations.isEmpty()) {
                        // Facets before columnLineage 1.1 describe the field as a whole: "IDENTITY" is a
                        // direct copy; anything else says nothing certain, so the edge stays UNKNOWN.
                        JsonNode legacy = fields.path(field);
                        boolean identity = legacy.path("transformationType").asText("").equalsIgnoreCase("IDENTITY");
                        edges.add(new ColumnEdge(target, source, identity ? "DIRECT" : "UNKNOWN",
                                identity ? "IDENTITY" : "", legacy.path("transformationDescription").asText(""), false));
                        continue;
                    }
                    for (int k = 0; k < transformations.size(); k++) {
                        JsonNode t = transformations.get(k);
                        String type = text(t, "type", one + ".transformations[" + k + "]");
                        edges.add(new ColumnEdge(target, source, type, t.path("subtype").asText(""),
                                t.path("description").asText(""), t.path("masking").asBoolean(false)));
                    }
                }
            }
        }
        return edges;
    }

    /** A job's shape, the same for every run with the same inputs, outputs and column lineage. */
    private static String shape(List<DatasetFacts> datasets, List<ColumnEdge> columns,
                                List<LineageEvent.DatasetDependency> dependencies) {
        TreeSet<String> parts = new TreeSet<>();
        dependencies.forEach(d -> parts.add(d.output() + " <= " + d.input() + " " + d.type() + "/" + d.subtype()));
        datasets.forEach(d -> parts.add(d.direction() + " " + d.name()));
        columns.forEach(c -> parts.add(c.output() + " <- " + c.input() + " " + c.type() + "/" + c.subtype() + "/"
                + c.masking()));
        return sha256(String.join("\n", parts));
    }

    private static OffsetDateTime time(JsonNode event, String where) {
        String text = text(event, "eventTime", where);
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(where + ": eventTime '" + text + "' is not an ISO-8601 date and time "
                    + "with an offset");
        }
    }

    private static UUID uuid(JsonNode node, String field, String where) {
        String text = node.path(field).asText("");
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(where + " must be a UUID, found '" + text + "'");
        }
    }

    private static JsonNode object(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isObject()) {
            throw new InvalidEventException(where + ": " + field + " must be an object");
        }
        return value;
    }

    private static void array(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new InvalidEventException(where + " must be an array");
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidEventException(where + ": " + field + " is required (a non-empty string)");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : text(node, field, where);
    }

    private static Double number(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new InvalidEventException(where + "." + field + " must be a number");
        }
        return value.asDouble();
    }

    private static Long count(JsonNode node, String field, String where) {
        Double value = number(node, field, where);
        if (value != null && (value < 0 || value != Math.rint(value))) {
            throw new InvalidEventException(where + "." + field + " must be a whole number, at least 0");
        }
        return value == null ? null : value.longValue();
    }

    static String sha256(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return sha256(bytes, 0, bytes.length);
    }

    private static String sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, offset, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

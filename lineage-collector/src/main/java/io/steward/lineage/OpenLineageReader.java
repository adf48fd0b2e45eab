package io.steward.lineage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.steward.lineage.LineageEvent.Assertion;
import io.steward.lineage.LineageEvent.ColumnEdge;
import io.steward.lineage.LineageEvent.DatasetDependency;
import io.steward.lineage.LineageEvent.DatasetFacts;
import io.steward.lineage.LineageEvent.Direction;
import io.steward.lineage.LineageEvent.Field;
import io.steward.lineage.LineageEvent.Kind;
import io.steward.lineage.LineageEvent.MaskedColumn;
import io.steward.lineage.LineageEvent.Metric;
import io.steward.lineage.LineageEvent.Owner;
import io.steward.lineage.LineageEvent.Parent;
import io.steward.lineage.LineageEvent.PiiClassification;
import io.steward.lineage.LineageEvent.Symlink;
import io.steward.lineage.LineageEvent.Tag;
import io.steward.lineage.Names.DatasetName;
import io.steward.lineage.Names.FieldName;
import io.steward.lineage.Names.JobName;
import io.steward.lineage.OpenLineageJson.ColumnLineageFacet;
import io.steward.lineage.OpenLineageJson.Dataset;
import io.steward.lineage.OpenLineageJson.DatasetFacets;
import io.steward.lineage.OpenLineageJson.Event;
import io.steward.lineage.OpenLineageJson.FieldLineage;
import io.steward.lineage.OpenLineageJson.InputField;
import io.steward.lineage.OpenLineageJson.Job;
import io.steward.lineage.OpenLineageJson.OutputStatistics;
import io.steward.lineage.OpenLineageJson.OwnershipFacet;
import io.steward.lineage.OpenLineageJson.QualityMetrics;
import io.steward.lineage.OpenLineageJson.TagsFacet;
import io.steward.lineage.OpenLineageJson.Transformation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Reads OpenLineage events (spec 2-0-2: RunEvent, DatasetEvent, JobEvent) and the facets the
 * lineage graph keeps: schema, symlinks, version, ownership, tags, columnLineage, and the input
 * facets dataQualityMetrics and dataQualityAssertions, the output facet outputStatistics, the
 * run facets parent and errorMessage, and Steward's stewardPii and stewardMasking. The fields
 * the spec requires are checked, and so is every facet field Steward reads, each error naming
 * its path in the event; unknown facets are kept in the raw event and otherwise skipped, as the
 * spec asks of consumers.
 */
public final class OpenLineageReader {

    public static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

    /**
     * Strict binding: a string field given a number, or a number field given a string, is an
     * error naming the field, not a silent conversion.
     */
    private static final ObjectReader EVENTS;

    static {
        ObjectMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        EVENTS = mapper.readerFor(Event.class);
    }

    /**
     * The events of a request body: one event object, or an array of them. Each event keeps its
     * bytes exactly as received (where they lie in the body), and its key is their SHA-256: the
     * same event sent again (a client's retry) is recognized.
     */
    public List<LineageEvent> read(byte[] body) {
        List<LineageEvent> events = new ArrayList<>();
        try (JsonParser parser = EVENTS.getFactory().createParser(body)) {
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
        Event event;
        try {
            event = EVENTS.readValue(parser);
        } catch (MismatchedInputException e) {
            throw new InvalidEventException(where + ": " + path(e) + " must be " + shape(e.getTargetType()));
        }
        int end = (int) parser.currentLocation().getByteOffset();
        return event(event, where, new LineageEvent.Received(body, start, end - start), sha256(body, start, end - start));
    }

    /** Jackson's path to a mismatched value as the event's own path: "outputs[0].facets.schema.fields". */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String shape(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        return Collection.class.isAssignableFrom(type) ? "an array" : "an object";
    }

    private LineageEvent event(Event event, String where, LineageEvent.Received received, String key) {
        OffsetDateTime time = time(event.eventTime(), where);
        String producer = text(event.producer(), "producer", where);
        text(event.schemaURL(), "schemaURL", where);
        if (event.run() != null) {
            String eventType = event.eventType();
            if (eventType != null && !EVENT_TYPES.contains(eventType)) {
                throw new InvalidEventException(where + ": eventType '" + eventType + "' is not one of "
                        + new TreeSet<>(EVENT_TYPES));
            }
            UUID runId = uuid(event.run().runId(), where + ": run.runId");
            OpenLineageJson.RunFacets facets = event.run().facets();
            Parent parent = null;
            String error = null;
            if (facets != null && facets.parent() != null) {
                String at = where + ": run.facets.parent";
                OpenLineageJson.ParentFacet node = facets.parent();
                required(node.job(), "job", at);
                OpenLineageJson.RunRef root = node.root() == null ? null : node.root().run();
                parent = new Parent(uuid(required(node.run(), "run", at).runId(), at + ".run.runId"),
                        new JobName(text(node.job().namespace(), "namespace", at + ".job"),
                                text(node.job().name(), "name", at + ".job")),
                        root == null ? null : uuid(root.runId(), at + ".root.run.runId"));
            }
            if (facets != null && facets.errorMessage() != null) {
                error = facets.errorMessage().message();
            }
            return withJob(Kind.RUN, key, received, time, eventType, runId, parent, error, producer, event, where);
        }
        if (event.dataset() != null) {
            DatasetFacts facts = dataset(event.dataset(), Direction.NONE, where + ": dataset");
            return new LineageEvent(Kind.DATASET, key, received, time, null, null, null, null, null, List.of(),
                    List.of(), null, producer, List.of(facts), List.of(), List.of());
        }
        if (event.job() != null) {
            return withJob(Kind.JOB, key, received, time, null, null, null, null, producer, event, where);
        }
        throw new InvalidEventException(where + ": not a RunEvent, DatasetEvent or JobEvent (it has no run, "
                + "dataset or job)");
    }

    private LineageEvent withJob(Kind kind, String key, LineageEvent.Received received, OffsetDateTime time,
                                 String eventType, UUID runId, Parent parent, String error, String producer,
                                 Event event, String where) {
        Job job = required(event.job(), "job", where);
        JobName name = new JobName(text(job.namespace(), "namespace", where + ": job"),
                text(job.name(), "name", where + ": job"));
        List<DatasetFacts> datasets = new ArrayList<>();
        datasets.addAll(datasets(event.inputs(), "inputs", Direction.INPUT, where));
        datasets.addAll(datasets(event.outputs(), "outputs", Direction.OUTPUT, where));
        List<ColumnEdge> columns = columns(event.outputs(), where);
        List<DatasetDependency> dependencies = dependencies(event.outputs(), where);
        OwnershipFacet ownership = job.facets() == null ? null : job.facets().ownership();
        TagsFacet tags = job.facets() == null ? null : job.facets().tags();
        return new LineageEvent(kind, key, received, time, eventType, runId, parent, name,
                shape(datasets, columns, dependencies), owners(ownership, where + ": job.facets"),
                tags(tags, where + ": job.facets"), error, producer, datasets, columns, dependencies);
    }

    private List<DatasetFacts> datasets(List<Dataset> list, String field, Direction direction, String where) {
        if (list == null) {
            return List.of();
        }
        List<DatasetFacts> datasets = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String at = where + ": " + field + "[" + i + "]";
            datasets.add(dataset(required(list.get(i), field + "[" + i + "]", where), direction, at));
        }
        return datasets;
    }

    private DatasetFacts dataset(Dataset dataset, Direction direction, String where) {
        DatasetName name = new DatasetName(text(dataset.namespace(), "namespace", where),
                text(dataset.name(), "name", where));
        DatasetFacets facets = dataset.facets() == null ? EMPTY_FACETS : dataset.facets();
        String at = where + ".facets";
        String version = facets.version() == null ? null : facets.version().datasetVersion();
        OutputStatistics stats = dataset.outputFacets() == null ? null : dataset.outputFacets().outputStatistics();
        OpenLineageJson.InputFacets inputFacets = dataset.inputFacets();
        QualityMetrics quality = inputFacets == null ? null : inputFacets.dataQualityMetrics();
        String statsAt = where + ".outputFacets.outputStatistics";
        String qualityAt = where + ".inputFacets.dataQualityMetrics";
        Long rowCount = count(stats == null ? null : stats.rowCount(), "rowCount", statsAt);
        Long bytes = count(stats == null ? null : stats.size(), "size", statsAt);
        Long files = count(stats == null ? null : stats.fileCount(), "fileCount", statsAt);
        if (rowCount == null && quality != null) {
            rowCount = count(quality.rowCount(), "rowCount", qualityAt);
        }
        if (bytes == null && quality != null) {
            bytes = count(quality.bytes(), "bytes", qualityAt);
        }
        if (files == null && quality != null) {
            files = count(quality.fileCount(), "fileCount", qualityAt);
        }
        return new DatasetFacts(name, direction, schema(facets.schema(), at), symlinks(facets.symlinks(), at), version,
                rowCount, bytes, files, metrics(quality, qualityAt),
                assertions(inputFacets == null ? null : inputFacets.dataQualityAssertions(), where + ".inputFacets"),
                owners(facets.ownership(), at), tags(facets.tags(), at), pii(facets.stewardPii(), at),
                masked(facets.stewardMasking(), at));
    }

    private static final DatasetFacets EMPTY_FACETS = new DatasetFacets(null, null, null, null, null, null, null, null);

    /** facets.schema.fields: each field named once; "unknown" where the facet gives no type. */
    private static List<Field> schema(OpenLineageJson.SchemaFacet schema, String where) {
        Set<String> seen = new HashSet<>();
        return list(schema == null ? null : schema.fields(), where + ".schema.fields", (field, at) -> {
            String name = text(field.name(), "name", at);
            if (!seen.add(name)) {
                throw new InvalidEventException(at + ": field '" + name + "' appears twice");
            }
            return new Field(name, field.type() == null || field.type().isBlank() ? "unknown" : field.type());
        });
    }

    private static List<Symlink> symlinks(OpenLineageJson.SymlinksFacet symlinks, String where) {
        return list(symlinks == null ? null : symlinks.identifiers(), where + ".symlinks.identifiers", (id, at) ->
                new Symlink(new DatasetName(text(id.namespace(), "namespace", at), text(id.name(), "name", at)),
                        orEmpty(id.type())));
    }

    private static List<Owner> owners(OwnershipFacet ownership, String where) {
        return list(ownership == null ? null : ownership.owners(), where + ".ownership.owners", (owner, at) ->
                new Owner(text(owner.name(), "name", at), orEmpty(owner.type())));
    }

    private static List<Tag> tags(TagsFacet tags, String where) {
        return list(tags == null ? null : tags.tags(), where + ".tags.tags", (tag, at) ->
                new Tag(text(tag.key(), "key", at), text(tag.value(), "value", at), orEmpty(tag.source()),
                        orEmpty(tag.field())));
    }

    /** A facet's optional array, each element read with its path ("...owners[2]") for errors. */
    private static <J, T> List<T> list(List<J> array, String where, BiFunction<J, String, T> read) {
        List<T> parsed = new ArrayList<>(array == null ? 0 : array.size());
        forEach(array, where, (element, at) -> parsed.add(read.apply(element, at)));
        return parsed;
    }

    private static <J> void forEach(List<J> array, String where, BiConsumer<J, String> visit) {
        if (array == null) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            String at = where + "[" + i + "]";
            if (array.get(i) == null) {
                throw new InvalidEventException(at + " must be an object");
            }
            visit.accept(array.get(i), at);
        }
    }

    /** dataQualityMetrics: rowCount and bytes of the dataset, and per column nullCount, distinctCount, sum, count, min, max. */
    private static List<Metric> metrics(QualityMetrics facet, String where) {
        if (facet == null) {
            return List.of();
        }
        List<Metric> metrics = new ArrayList<>();
        addMetric(metrics, "rowCount", facet.rowCount());
        addMetric(metrics, "bytes", facet.bytes());
        addMetric(metrics, "fileCount", facet.fileCount());
        if (facet.columnMetrics() == null) {
            return metrics;
        }
        for (Map.Entry<String, Map<String, JsonNode>> column : facet.columnMetrics().entrySet()) {
            if (column.getValue() == null) {
                continue;
            }
            String at = where + ".columnMetrics." + column.getKey();
            for (Map.Entry<String, JsonNode> metric : column.getValue().entrySet()) {
                JsonNode value = metric.getValue();
                if (value.isNumber()) {
                    metrics.add(new Metric(column.getKey(), metric.getKey(), value.asDouble()));
                } else if (!value.isContainerNode() && !value.isNull()) {
                    throw new InvalidEventException(at + "." + metric.getKey() + " must be a number");
                }
            }
        }
        return metrics;
    }

    private static void addMetric(List<Metric> metrics, String name, Double value) {
        if (value != null) {
            metrics.add(new Metric("", name, value));
        }
    }

    private static List<Assertion> assertions(OpenLineageJson.QualityAssertions facet, String where) {
        return list(facet == null ? null : facet.assertions(), where + ".dataQualityAssertions.assertions",
                (assertion, at) -> {
                    if (assertion.success() == null) {
                        throw new InvalidEventException(at + ": success is required (true or false)");
                    }
                    return new Assertion(text(assertion.assertion(), "assertion", at), orEmpty(assertion.column()),
                            assertion.success());
                });
    }

    private static List<PiiClassification> pii(OpenLineageJson.PiiFacet facet, String where) {
        if (facet == null || facet.columns() == null) {
            return List.of();
        }
        List<PiiClassification> found = new ArrayList<>();
        for (Map.Entry<String, List<OpenLineageJson.PiiEntity>> column : facet.columns().entrySet()) {
            found.addAll(list(column.getValue(), where + ".stewardPii.columns." + column.getKey(), (entity, at) -> {
                if (entity.score() == null || entity.score() < 0 || entity.score() > 1) {
                    throw new InvalidEventException(at + ": score is required, between 0 and 1");
                }
                return new PiiClassification(column.getKey(), text(entity.type(), "type", at), entity.score());
            }));
        }
        return found;
    }

    private static List<MaskedColumn> masked(OpenLineageJson.MaskingFacet facet, String where) {
        if (facet == null || facet.columns() == null) {
            return List.of();
        }
        List<MaskedColumn> masked = new ArrayList<>();
        for (Map.Entry<String, OpenLineageJson.Masking> column : facet.columns().entrySet()) {
            String at = where + ".stewardMasking.columns." + column.getKey();
            OpenLineageJson.Masking masking = required(column.getValue(), column.getKey(), where + ".stewardMasking.columns");
            masked.add(new MaskedColumn(column.getKey(), text(masking.transform(), "transform", at), masking.keyId()));
        }
        return masked;
    }

    /** The columnLineage facets' dataset-level entries: input columns influencing a whole output. */
    private static List<DatasetDependency> dependencies(List<Dataset> outputs, String where) {
        List<DatasetDependency> dependencies = new ArrayList<>();
        forEachColumnLineage(outputs, (output, lineage, i) -> {
            String at = where + ": outputs[" + i + "].facets.columnLineage.dataset";
            forEach(lineage.dataset(), at, (input, one) -> {
                FieldName source = source(input, one);
                forEach(input.transformations(), one + ".transformations", (t, tAt) -> dependencies.add(
                        new DatasetDependency(output, source, text(t.type(), "type", tAt), orEmpty(t.subtype()))));
            });
        });
        return dependencies;
    }

    /** The columnLineage facets of the outputs: each output field's input fields and their transformations. */
    private static List<ColumnEdge> columns(List<Dataset> outputs, String where) {
        List<ColumnEdge> edges = new ArrayList<>();
        forEachColumnLineage(outputs, (output, lineage, i) -> {
            if (lineage.fields() == null) {
                return;
            }
            for (Map.Entry<String, FieldLineage> entry : lineage.fields().entrySet()) {
                String field = entry.getKey();
                FieldLineage fieldLineage = entry.getValue();
                String at = where + ": outputs[" + i + "].facets.columnLineage.fields." + field + ".inputFields";
                if (fieldLineage == null || fieldLineage.inputFields() == null) {
                    throw new InvalidEventException(at + " must be an array");
                }
                FieldName target = new FieldName(output, field);
                forEach(fieldLineage.inputFields(), at, (input, one) -> {
                    FieldName source = source(input, one);
                    List<Transformation> transformations = input.transformations();
                    if (transformations == null || transformations.isEmpty()) {
                        // Facets before columnLineage 1.1 describe the field as a whole: "IDENTITY" is a
                        // direct copy; anything else says nothing certain, so the edge stays UNKNOWN.
                        boolean identity = "IDENTITY".equalsIgnoreCase(fieldLineage.transformationType());
                        edges.add(new ColumnEdge(target, source, identity ? "DIRECT" : "UNKNOWN",
                                identity ? "IDENTITY" : "", orEmpty(fieldLineage.transformationDescription()), false));
                        return;
                    }
                    forEach(transformations, one + ".transformations", (t, tAt) -> edges.add(new ColumnEdge(target,
                            source, text(t.type(), "type", tAt), orEmpty(t.subtype()), orEmpty(t.description()),
                            Boolean.TRUE.equals(t.masking()))));
                });
            }
        });
        return edges;
    }

    private interface ColumnLineageVisitor {
        void visit(DatasetName output, ColumnLineageFacet lineage, int index);
    }

    /** Each output with a columnLineage facet; outputs were checked (named) before this is called. */
    private static void forEachColumnLineage(List<Dataset> outputs, ColumnLineageVisitor visitor) {
        if (outputs == null) {
            return;
        }
        for (int i = 0; i < outputs.size(); i++) {
            Dataset output = outputs.get(i);
            if (output.facets() != null && output.facets().columnLineage() != null) {
                visitor.visit(new DatasetName(output.namespace(), output.name()), output.facets().columnLineage(), i);
            }
        }
    }

    private static FieldName source(InputField input, String where) {
        return new FieldName(new DatasetName(text(input.namespace(), "namespace", where),
                text(input.name(), "name", where)), text(input.field(), "field", where));
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

    private static OffsetDateTime time(String text, String where) {
        text(text, "eventTime", where);
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(where + ": eventTime '" + text + "' is not an ISO-8601 date and time "
                    + "with an offset");
        }
    }

    private static UUID uuid(String text, String where) {
        try {
            return UUID.fromString(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(where + " must be a UUID, found '" + (text == null ? "" : text) + "'");
        }
    }

    private static <T> T required(T value, String field, String where) {
        if (value == null) {
            throw new InvalidEventException(where + ": " + field + " must be an object");
        }
        return value;
    }

    private static String text(String value, String field, String where) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(where + ": " + field + " is required (a non-empty string)");
        }
        return value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Long count(Double value, String field, String where) {
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

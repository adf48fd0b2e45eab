package io.steward.lineage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Reads OpenLineage events (spec 2-0-2: RunEvent, DatasetEvent, JobEvent) and the facets the
 * lineage graph keeps: schema, symlinks, version, ownership, tags, columnLineage, and the input
 * facets dataQualityMetrics and dataQualityAssertions, the output facet outputStatistics, the
 * run facets parent and errorMessage, and Steward's stewardPii and stewardMasking. The fields
 * the spec requires are checked, and so is every facet field Steward reads, each error naming
 * its path in the event; unknown facets are kept in the raw event and otherwise skipped unread,
 * as the spec asks of consumers.
 *
 * <p>Events are read in one streaming pass (see JsonCursor): at thousands of 10 kB events a
 * second, building a JSON tree or bound objects of each event cost more than storing it.
 */
public final class OpenLineageReader {

    public static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The events of a request body: one event object, or an array of them. Each event keeps its
     * bytes exactly as received (where they lie in the body), and its key is their SHA-256: the
     * same event sent again (a client's retry) is recognized.
     */
    public List<LineageEvent> read(byte[] body) {
        List<LineageEvent> events = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
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
    private static LineageEvent event(JsonParser parser, byte[] body, String where) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        JsonCursor in = new JsonCursor(parser, where);
        EventReading event = new EventReading();
        in.object(field -> {
            switch (field) {
                case "eventType" -> event.eventType = eventType(in);
                case "eventTime" -> event.time = time(in);
                case "producer" -> event.producer = in.string();
                case "schemaURL" -> event.schemaURL = in.string();
                case "run" -> event.run = run(in);
                case "job" -> event.job = job(in);
                case "inputs" -> event.inputs = datasets(in, Direction.INPUT);
                case "outputs" -> event.outputs = datasets(in, Direction.OUTPUT);
                case "dataset" -> event.dataset = in.token() == JsonToken.VALUE_NULL ? null : dataset(in, Direction.NONE);
                default -> in.skip();
            }
        });
        int end = (int) parser.currentLocation().getByteOffset();
        return event.finish(in, new LineageEvent.Received(body, start, end - start), sha256(body, start, end - start));
    }

    /** What one event said, field by field, whatever their order. */
    private static final class EventReading {
        String eventType;
        OffsetDateTime time;
        String producer;
        String schemaURL;
        RunReading run;
        JobReading job;
        List<DatasetReading> inputs = List.of();
        List<DatasetReading> outputs = List.of();
        DatasetReading dataset;

        LineageEvent finish(JsonCursor in, LineageEvent.Received received, String key) {
            if (time == null) {
                throw in.missing("eventTime", "is required (a non-empty string)");
            }
            in.required(producer, "producer");
            in.required(schemaURL, "schemaURL");
            if (run != null) {
                return withJob(in, Kind.RUN, received, key);
            }
            if (dataset != null) {
                return new LineageEvent(Kind.DATASET, key, received, time, null, null, null, null, null, List.of(),
                        List.of(), null, producer, List.of(dataset.facts), List.of(), List.of());
            }
            if (job != null) {
                return withJob(in, Kind.JOB, received, key);
            }
            throw in.error("not a RunEvent, DatasetEvent or JobEvent (it has no run, dataset or job)");
        }

        private LineageEvent withJob(JsonCursor in, Kind kind, LineageEvent.Received received, String key) {
            if (job == null) {
                throw in.missing("job", "is required (an object)");
            }
            List<DatasetFacts> datasets = new ArrayList<>(inputs.size() + outputs.size());
            List<ColumnEdge> columns = new ArrayList<>();
            List<DatasetDependency> dependencies = new ArrayList<>();
            inputs.forEach(input -> datasets.add(input.facts));
            for (DatasetReading output : outputs) {
                datasets.add(output.facts);
                columns.addAll(output.columns);
                dependencies.addAll(output.dependencies);
            }
            boolean isRun = kind == Kind.RUN;
            return new LineageEvent(kind, key, received, time, isRun ? eventType : null, isRun ? run.runId : null,
                    isRun ? run.parent : null, job.name, shape(datasets, columns, dependencies), job.owners, job.tags,
                    isRun ? run.error : null, producer, datasets, columns, dependencies);
        }
    }

    private static String eventType(JsonCursor in) throws IOException {
        String type = in.string();
        if (type != null && !EVENT_TYPES.contains(type)) {
            throw in.invalid(" '" + type + "' is not one of " + new TreeSet<>(EVENT_TYPES));
        }
        return type;
    }

    private static OffsetDateTime time(JsonCursor in) throws IOException {
        String text = in.string();
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw in.invalid(" '" + text + "' is not an ISO-8601 date and time with an offset");
        }
    }

    private record RunReading(UUID runId, Parent parent, String error) {
    }

    private static RunReading run(JsonCursor in) throws IOException {
        UUID[] runId = new UUID[1];
        Parent[] parent = new Parent[1];
        String[] error = new String[1];
        boolean present = in.object(field -> {
            switch (field) {
                case "runId" -> runId[0] = uuid(in);
                case "facets" -> in.object(facet -> {
                    switch (facet) {
                        case "parent" -> parent[0] = parent(in);
                        case "errorMessage" -> in.member("message", () -> error[0] = in.string());
                        default -> in.skip();
                    }
                });
                default -> in.skip();
            }
        });
        if (!present) {
            return null;
        }
        if (runId[0] == null) {
            throw in.missing("runId", "is required (a UUID)");
        }
        return new RunReading(runId[0], parent[0], error[0]);
    }

    /** The parent run facet: the run that started this one, and the root of that chain. */
    private static Parent parent(JsonCursor in) throws IOException {
        UUID[] run = new UUID[2];
        JobName[] job = new JobName[1];
        boolean present = in.object(field -> {
            switch (field) {
                case "run" -> run[0] = runRef(in);
                case "job" -> {
                    String[] name = in.strings("namespace", "name");
                    job[0] = new JobName(in.required(name[0], "namespace"), in.required(name[1], "name"));
                }
                case "root" -> in.member("run", () -> run[1] = runRef(in));
                default -> in.skip();
            }
        });
        if (!present) {
            return null;
        }
        if (run[0] == null) {
            throw in.missing("run", "is required (an object with runId)");
        }
        if (job[0] == null) {
            throw in.missing("job", "is required (an object with namespace and name)");
        }
        return new Parent(run[0], job[0], run[1]);
    }

    private static UUID runRef(JsonCursor in) throws IOException {
        UUID[] runId = new UUID[1];
        in.member("runId", () -> runId[0] = uuid(in));
        if (runId[0] == null) {
            throw in.missing("runId", "is required (a UUID)");
        }
        return runId[0];
    }

    private static void namespaceAndName(JsonCursor in, String field, String[] name) throws IOException {
        switch (field) {
            case "namespace" -> name[0] = in.string();
            case "name" -> name[1] = in.string();
            default -> in.skip();
        }
    }

    private record JobReading(JobName name, List<Owner> owners, List<Tag> tags) {
    }

    private static JobReading job(JsonCursor in) throws IOException {
        String[] name = new String[2];
        List<Owner> owners = new ArrayList<>();
        List<Tag> tags = new ArrayList<>();
        boolean present = in.object(field -> {
            if (field.equals("facets")) {
                in.object(facet -> {
                    switch (facet) {
                        case "ownership" -> owners(in, owners);
                        case "tags" -> tags(in, tags);
                        default -> in.skip();
                    }
                });
            } else {
                namespaceAndName(in, field, name);
            }
        });
        if (!present) {
            return null;
        }
        return new JobReading(new JobName(in.required(name[0], "namespace"), in.required(name[1], "name")), owners, tags);
    }

    private static List<DatasetReading> datasets(JsonCursor in, Direction direction) throws IOException {
        List<DatasetReading> datasets = new ArrayList<>();
        in.array(i -> datasets.add(dataset(in, direction)));
        return datasets;
    }

    /** A dataset with what its facets say and, for an output, the column lineage into it. */
    private static final class DatasetReading {
        DatasetFacts facts;
        List<ColumnEdge> columns = List.of();
        List<DatasetDependency> dependencies = List.of();
    }

    private record Transformation(String type, String subtype, String description, boolean masking) {
    }

    /** An input field of a columnLineage entry with its transformations, in the order given. */
    private record InputReading(FieldName input, List<Transformation> transformations) {
    }

    /** One edge into an output field, before the output dataset's name is known. */
    private record LineageInput(String outputField, FieldName input, Transformation transformation) {
    }

    private static final class Facets {
        String namespace;
        String name;
        String version;
        List<Field> schema = new ArrayList<>();
        List<Symlink> symlinks = new ArrayList<>();
        List<Owner> owners = new ArrayList<>();
        List<Tag> tags = new ArrayList<>();
        List<PiiClassification> pii = new ArrayList<>();
        List<MaskedColumn> masked = new ArrayList<>();
        List<LineageInput> lineage = new ArrayList<>();
        List<InputReading> dependencies = new ArrayList<>();
        Long rowCount;
        Long bytes;
        Long files;
        Long qualityRowCount;
        Long qualityBytes;
        Long qualityFiles;
        List<Metric> columnMetrics = new ArrayList<>();
        List<Assertion> assertions = new ArrayList<>();
    }

    private static DatasetReading dataset(JsonCursor in, Direction direction) throws IOException {
        Facets f = new Facets();
        in.requiredObject(field -> {
            switch (field) {
                case "facets" -> in.object(facet -> datasetFacet(in, facet, f, direction));
                case "inputFacets" -> in.object(facet -> {
                    switch (facet) {
                        case "dataQualityMetrics" -> qualityMetrics(in, f);
                        case "dataQualityAssertions" -> assertions(in, f.assertions);
                        default -> in.skip();
                    }
                });
                case "outputFacets" -> in.object(facet -> {
                    if (facet.equals("outputStatistics")) {
                        in.object(stat -> {
                            switch (stat) {
                                case "rowCount" -> f.rowCount = count(in);
                                case "size" -> f.bytes = count(in);
                                case "fileCount" -> f.files = count(in);
                                default -> in.skip();
                            }
                        });
                    } else {
                        in.skip();
                    }
                });
                case "namespace" -> f.namespace = in.string();
                case "name" -> f.name = in.string();
                default -> in.skip();
            }
        });
        DatasetName name = new DatasetName(in.required(f.namespace, "namespace"), in.required(f.name, "name"));
        List<Metric> metrics = new ArrayList<>();
        addMetric(metrics, "rowCount", f.qualityRowCount);
        addMetric(metrics, "bytes", f.qualityBytes);
        addMetric(metrics, "fileCount", f.qualityFiles);
        metrics.addAll(f.columnMetrics);
        DatasetReading dataset = new DatasetReading();
        dataset.facts = new DatasetFacts(name, direction, f.schema, f.symlinks, f.version,
                f.rowCount != null ? f.rowCount : f.qualityRowCount, f.bytes != null ? f.bytes : f.qualityBytes,
                f.files != null ? f.files : f.qualityFiles, metrics, f.assertions, f.owners, f.tags, f.pii, f.masked);
        dataset.columns = f.lineage.stream().map(l -> new ColumnEdge(new FieldName(name, l.outputField()), l.input(),
                l.transformation().type(), l.transformation().subtype(), l.transformation().description(),
                l.transformation().masking())).toList();
        dataset.dependencies = f.dependencies.stream().flatMap(d -> d.transformations().stream()
                .map(t -> new DatasetDependency(name, d.input(), t.type(), t.subtype()))).toList();
        return dataset;
    }

    private static void datasetFacet(JsonCursor in, String facet, Facets f, Direction direction) throws IOException {
        switch (facet) {
            case "schema" -> schema(in, f.schema);
            case "symlinks" -> in.member("identifiers", () -> in.array(i -> {
                String[] id = in.strings("namespace", "name", "type");
                f.symlinks.add(new Symlink(new DatasetName(in.required(id[0], "namespace"), in.required(id[1], "name")),
                        orEmpty(id[2])));
            }));
            case "version" -> in.member("datasetVersion", () -> f.version = in.string());
            case "ownership" -> owners(in, f.owners);
            case "tags" -> tags(in, f.tags);
            case "stewardPii" -> pii(in, f.pii);
            case "stewardMasking" -> masked(in, f.masked);
            // Column lineage is kept for outputs only: it describes how an output was written.
            case "columnLineage" -> {
                if (direction == Direction.OUTPUT) {
                    columnLineage(in, f);
                } else {
                    in.skip();
                }
            }
            default -> in.skip();
        }
    }

    /** facets.schema.fields: each field named once; "unknown" where the facet gives no type. */
    private static void schema(JsonCursor in, List<Field> fields) throws IOException {
        Set<String> seen = new HashSet<>();
        in.member("fields", () -> in.array(i -> {
            Field field = field(in);
            if (!seen.add(field.name())) {
                throw in.invalid(": field '" + field.name() + "' appears twice");
            }
            fields.add(field);
        }));
    }

    /**
     * Spark's listener names types by Spark's typeName ("long"); crawls and scans record Spark's
     * catalog string ("bigint"): the same type under two names would make a new schema version, and
     * a type change, at every turn.
     */
    private static final Map<String, String> CATALOG_NAMES = Map.of("long", "bigint", "integer", "int",
            "short", "smallint", "byte", "tinyint");

    /**
     * One schema field. Nested fields spell out its type as Spark's catalog string does
     * (struct&lt;city:string,zip:string&gt;, or array&lt;struct&lt;...&gt;&gt; for an array of them), so a
     * schema from lineage reads, and compares, like one from a crawl or a scan.
     */
    private static Field field(JsonCursor in) throws IOException {
        String[] nameAndType = new String[2];
        List<Field> nested = new ArrayList<>();
        in.requiredObject(member -> {
            switch (member) {
                case "name" -> nameAndType[0] = in.string();
                case "type" -> nameAndType[1] = in.string();
                case "fields" -> in.array(i -> nested.add(field(in)));
                default -> in.skip();
            }
        });
        String name = in.required(nameAndType[0], "name");
        String type = nameAndType[1] == null || nameAndType[1].isBlank() ? "unknown"
                : CATALOG_NAMES.getOrDefault(nameAndType[1], nameAndType[1]);
        if (!nested.isEmpty() && (type.equals("struct") || type.equals("array"))) {
            String struct = nested.stream().map(f -> f.name() + ":" + f.type())
                    .collect(java.util.stream.Collectors.joining(",", "struct<", ">"));
            type = type.equals("struct") ? struct : "array<" + struct + ">";
        }
        return new Field(name, type);
    }

    private static void owners(JsonCursor in, List<Owner> owners) throws IOException {
        in.member("owners", () -> in.array(i -> {
            String[] nameAndType = in.strings("name", "type");
            owners.add(new Owner(in.required(nameAndType[0], "name"), orEmpty(nameAndType[1])));
        }));
    }

    private static void tags(JsonCursor in, List<Tag> tags) throws IOException {
        in.member("tags", () -> in.array(i -> {
            String[] tag = in.strings("key", "value", "source", "field");
            tags.add(new Tag(in.required(tag[0], "key"), in.required(tag[1], "value"), orEmpty(tag[2]), orEmpty(tag[3])));
        }));
    }

    /** dataQualityMetrics: rowCount, bytes and fileCount of the dataset, and per column its numeric metrics. */
    private static void qualityMetrics(JsonCursor in, Facets f) throws IOException {
        in.object(field -> {
            switch (field) {
                case "rowCount" -> f.qualityRowCount = count(in);
                case "bytes" -> f.qualityBytes = count(in);
                case "fileCount" -> f.qualityFiles = count(in);
                case "columnMetrics" -> in.object(column -> in.object(metric -> {
                    // Besides numbers a column's metrics may hold objects (quantiles) the graph does not keep.
                    JsonToken token = in.token();
                    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                        in.skip();
                    } else {
                        Double value = in.number();
                        if (value != null) {
                            f.columnMetrics.add(new Metric(column, metric, value));
                        }
                    }
                }));
                default -> in.skip();
            }
        });
    }

    private static void assertions(JsonCursor in, List<Assertion> assertions) throws IOException {
        in.member("assertions", () -> in.array(i -> {
            String[] text = new String[2];
            Boolean[] success = new Boolean[1];
            in.requiredObject(k -> {
                switch (k) {
                    case "assertion" -> text[0] = in.string();
                    case "column" -> text[1] = in.string();
                    case "success" -> success[0] = in.bool();
                    default -> in.skip();
                }
            });
            if (success[0] == null) {
                throw in.missing("success", "is required (true or false)");
            }
            assertions.add(new Assertion(in.required(text[0], "assertion"), orEmpty(text[1]), success[0]));
        }));
    }

    /** stewardPii: {"columns": {"email": [{"type": "EMAIL_ADDRESS", "score": 0.97}]}}. */
    private static void pii(JsonCursor in, List<PiiClassification> found) throws IOException {
        in.member("columns", () -> in.object(column -> in.array(i -> {
            String[] type = new String[1];
            Double[] score = new Double[1];
            in.requiredObject(k -> {
                switch (k) {
                    case "type" -> type[0] = in.string();
                    case "score" -> score[0] = in.number();
                    default -> in.skip();
                }
            });
            if (score[0] == null || score[0] < 0 || score[0] > 1) {
                throw in.missing("score", "is required, between 0 and 1");
            }
            found.add(new PiiClassification(column, in.required(type[0], "type"), score[0]));
        })));
    }

    /** stewardMasking: {"columns": {"email": {"transform": "keyed_hash", "keyId": "k1"}}}. */
    private static void masked(JsonCursor in, List<MaskedColumn> masked) throws IOException {
        in.member("columns", () -> in.object(column -> {
            String[] transformAndKey = in.strings("transform", "keyId");
            masked.add(new MaskedColumn(column, in.required(transformAndKey[0], "transform"), transformAndKey[1]));
        }));
    }

    /**
     * columnLineage: per output field its input fields and their transformations (fields), and
     * the input fields influencing the whole output (dataset: join keys, filters, group keys).
     */
    private static void columnLineage(JsonCursor in, Facets f) throws IOException {
        in.object(field -> {
            switch (field) {
                case "fields" -> in.object(output -> fieldLineage(in, output, f.lineage));
                case "dataset" -> in.array(i -> f.dependencies.add(inputField(in)));
                default -> in.skip();
            }
        });
    }

    private static void fieldLineage(JsonCursor in, String output, List<LineageInput> lineage) throws IOException {
        List<InputReading> inputs = new ArrayList<>();
        String[] legacy = new String[2];
        boolean[] listed = new boolean[1];
        in.requiredObject(k -> {
            switch (k) {
                case "inputFields" -> listed[0] = in.array(i -> inputs.add(inputField(in)));
                case "transformationType" -> legacy[0] = in.string();
                case "transformationDescription" -> legacy[1] = in.string();
                default -> in.skip();
            }
        });
        if (!listed[0]) {
            throw in.missing("inputFields", "is required (an array)");
        }
        // Facets before columnLineage 1.1 describe the field as a whole, after its inputs or before
        // them: "IDENTITY" is a direct copy; anything else says nothing certain, so the edge stays UNKNOWN.
        boolean identity = "IDENTITY".equalsIgnoreCase(legacy[0]);
        Transformation whole = new Transformation(identity ? "DIRECT" : "UNKNOWN", identity ? "IDENTITY" : "",
                orEmpty(legacy[1]), false);
        for (InputReading input : inputs) {
            if (input.transformations().isEmpty()) {
                lineage.add(new LineageInput(output, input.input(), whole));
            }
            input.transformations().forEach(t -> lineage.add(new LineageInput(output, input.input(), t)));
        }
    }

    private static InputReading inputField(JsonCursor in) throws IOException {
        String[] source = new String[3];
        List<Transformation> transformations = new ArrayList<>(1);
        in.requiredObject(k -> {
            switch (k) {
                case "field" -> source[2] = in.string();
                case "transformations" -> in.array(t -> transformations.add(transformation(in)));
                default -> namespaceAndName(in, k, source);
            }
        });
        return new InputReading(new FieldName(new DatasetName(in.required(source[0], "namespace"),
                in.required(source[1], "name")), in.required(source[2], "field")), transformations);
    }

    private static Transformation transformation(JsonCursor in) throws IOException {
        String[] text = new String[3];
        Boolean[] masking = new Boolean[1];
        in.requiredObject(k -> {
            switch (k) {
                case "type" -> text[0] = in.string();
                case "subtype" -> text[1] = in.string();
                case "description" -> text[2] = in.string();
                case "masking" -> masking[0] = in.bool();
                default -> in.skip();
            }
        });
        return new Transformation(in.required(text[0], "type"), orEmpty(text[1]), orEmpty(text[2]),
                Boolean.TRUE.equals(masking[0]));
    }

    private static UUID uuid(JsonCursor in) throws IOException {
        String text = in.string();
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw in.invalid(" must be a UUID, found '" + text + "'");
        }
    }

    private static Long count(JsonCursor in) throws IOException {
        Double value = in.number();
        if (value != null && (value < 0 || value != Math.rint(value))) {
            throw in.invalid(" must be a whole number, at least 0");
        }
        return value == null ? null : value.longValue();
    }

    private static void addMetric(List<Metric> metrics, String name, Long value) {
        if (value != null) {
            metrics.add(new Metric("", name, value));
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * A job's shape, the same for every run with the same inputs, outputs and column lineage:
     * the SHA-256 of its distinct parts, sorted, one per line.
     */
    private static String shape(List<DatasetFacts> datasets, List<ColumnEdge> columns,
                                List<DatasetDependency> dependencies) {
        List<String> parts = new ArrayList<>(datasets.size() + columns.size() + dependencies.size());
        dependencies.forEach(d -> parts.add(d.output() + " <= " + d.input() + " " + d.type() + "/" + d.subtype()));
        datasets.forEach(d -> parts.add(d.direction() + " " + d.name()));
        columns.forEach(c -> parts.add(c.output() + " <- " + c.input() + " " + c.type() + "/" + c.subtype() + "/"
                + c.masking()));
        parts.sort(null);
        MessageDigest digest = sha256();
        String previous = null;
        for (String part : parts) {
            if (part.equals(previous)) {
                continue;
            }
            if (previous != null) {
                digest.update((byte) '\n');
            }
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            previous = part;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(byte[] bytes, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(bytes, offset, length);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

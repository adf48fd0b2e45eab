package io.steward.lineage;

import io.steward.lineage.Names.DatasetName;
import io.steward.lineage.Names.FieldName;
import io.steward.lineage.Names.JobName;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * One OpenLineage event, checked, with what the lineage graph takes from it, and its bytes as
 * received. Its key is the SHA-256 of those bytes, so the same event sent twice (a producer's
 * retry, a replay) is recognized.
 *
 * @param eventType  START, RUNNING, COMPLETE, ABORT, FAIL or OTHER; null for dataset and job events
 * @param runId      null for dataset and job events
 * @param job        null for dataset events
 * @param jobVersion SHA-256 of the job's shape in this event (inputs, outputs, column lineage);
 *                   null for dataset events
 */
public record LineageEvent(Kind kind, String key, Received received, OffsetDateTime time, String eventType, UUID runId,
                           Parent parent, JobName job, String jobVersion, List<Owner> jobOwners, List<Tag> jobTags,
                           String errorMessage, String producer, List<DatasetFacts> datasets, List<ColumnEdge> columns,
                           List<DatasetDependency> dependencies) {

    public enum Kind { RUN, DATASET, JOB }

    public enum Direction { INPUT, OUTPUT, NONE }

    public LineageEvent {
        requireNonNull(kind);
        requireNonNull(key);
        requireNonNull(received);
        requireNonNull(time);
        requireNonNull(producer);
        jobOwners = List.copyOf(jobOwners);
        jobTags = List.copyOf(jobTags);
        datasets = List.copyOf(datasets);
        columns = List.copyOf(columns);
        dependencies = List.copyOf(dependencies);
    }

    /**
     * Where an event's bytes lie in the request body it came in: the body is kept once, not
     * copied into a string per event, and the store slices it.
     */
    public record Received(byte[] body, int offset, int length) {

        public Received {
            requireNonNull(body);
            if (offset < 0 || length < 0 || offset + length > body.length) {
                throw new IllegalArgumentException("bytes " + offset + "+" + length + " outside a body of " + body.length);
            }
        }

        /** The event's JSON text as received. */
        public String text() {
            return new String(body, offset, length, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * The run a run was started by (OpenLineage's parent run facet), and the run at the top of
     * that chain (its root), which may be of another system (an Airflow DAG run, a Steward job).
     */
    public record Parent(UUID runId, JobName job, UUID rootRunId) {
    }

    public record Field(String name, String type) {
    }

    public record Symlink(DatasetName name, String type) {
    }

    public record Owner(String name, String type) {
    }

    /** A tag facet entry; field is empty for a tag on the whole dataset. */
    public record Tag(String key, String value, String source, String field) {
    }

    /** A metric of the dataQualityMetrics input facet; column is empty for dataset metrics (rowCount, bytes). */
    public record Metric(String column, String metric, double value) {
    }

    public record Assertion(String assertion, String column, boolean success) {
    }

    /** A column Steward's masking wrote masked (the stewardMasking facet); keyId names the key, never holds it. */
    public record MaskedColumn(String column, String transform, String keyId) {
    }

    /** Steward's PII classification of a column (the stewardPii dataset facet). */
    public record PiiClassification(String column, String entityType, double score) {
    }

    /**
     * A dataset an event names, as a run's input or output or alone (a dataset event), with what
     * its facets say; absent facets give empty lists and nulls.
     */
    public record DatasetFacts(DatasetName name, Direction direction, List<Field> schema, List<Symlink> symlinks,
                               String version, Long rowCount, Long bytes, Long fileCount, List<Metric> metrics,
                               List<Assertion> assertions, List<Owner> owners, List<Tag> tags,
                               List<PiiClassification> pii, List<MaskedColumn> masked) {
        public DatasetFacts {
            requireNonNull(name);
            requireNonNull(direction);
            schema = List.copyOf(schema);
            symlinks = List.copyOf(symlinks);
            metrics = List.copyOf(metrics);
            assertions = List.copyOf(assertions);
            owners = List.copyOf(owners);
            tags = List.copyOf(tags);
            pii = List.copyOf(pii);
            masked = List.copyOf(masked);
        }
    }

    /**
     * An output column derived from an input column: DIRECT (IDENTITY, TRANSFORMATION,
     * AGGREGATION) carries values, INDIRECT (JOIN, FILTER, GROUP_BY, SORT, WINDOW, CONDITIONAL)
     * only influences; masking says the transformation hid the value (a hash, a redaction).
     */
    public record ColumnEdge(FieldName output, FieldName input, String type, String subtype, String description,
                             boolean masking) {
        public ColumnEdge {
            requireNonNull(output);
            requireNonNull(input);
            requireNonNull(type);
            requireNonNull(subtype);
            requireNonNull(description);
        }
    }

    /**
     * An input column that influences a whole output dataset (columnLineage.dataset: join keys,
     * filters, group keys), not any one output column.
     */
    public record DatasetDependency(DatasetName output, FieldName input, String type, String subtype) {
        public DatasetDependency {
            requireNonNull(output);
            requireNonNull(input);
            requireNonNull(type);
            requireNonNull(subtype);
        }
    }

    public boolean ends() {
        return "COMPLETE".equals(eventType) || "FAIL".equals(eventType) || "ABORT".equals(eventType);
    }

    public List<DatasetFacts> datasets(Direction direction) {
        return datasets.stream().filter(d -> d.direction() == direction).toList();
    }
}

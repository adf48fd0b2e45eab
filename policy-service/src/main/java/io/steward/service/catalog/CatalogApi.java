package io.steward.service.catalog;

import java.time.Instant;
import java.util.List;

/** What the catalog API takes and returns. */
public final class CatalogApi {

    private CatalogApi() {
    }

    /**
     * A dataset to register or update. Classification: public, internal, confidential or restricted.
     * Schema policy: update (default: any schema change is a new version), additive (only added
     * columns; removing or retyping one is refused and alerted) or freeze (every change refused).
     * blockFailedReads: refuse readers while the newest checked version failed its quality checks.
     */
    public record DatasetRequest(String namespace, String name, String location, String format, String owner,
                                 String description, String classification, String schemaPolicy,
                                 Boolean blockFailedReads) {
    }

    /** A dataset; partitionKeys, partitions and crawledAt are what the last crawl found (null before one). */
    public record DatasetView(long id, String namespace, String name, String location, String format, String owner,
                              String description, String classification, String schemaPolicy,
                              boolean blockFailedReads, List<String> partitionKeys, Integer partitions, Instant crawledAt, Instant createdAt,
                              Instant updatedAt, List<ColumnView> columns) {
    }

    public record ColumnView(String name, String type, int position, List<TagView> tags) {
    }

    public record TagView(long id, String entityType, double confidence, String source, String reviewState,
                          String reviewer, Instant reviewedAt, String explanation, boolean masked,
                          String transform, List<String> evidence) {
    }

    /** A field of a schema: its name and type as the data's format names it ("string", "bigint"). */
    public record Field(String name, String type) {
    }

    public record SchemaRequest(List<Field> fields) {
    }

    /** A schema version and how it differs from the one before it (all added for the first). */
    public record SchemaVersionView(int version, Instant createdAt, List<Field> fields, SchemaDiff diff) {
    }

    /**
     * How a schema differs from the one before, by field: nested struct fields by their path
     * ("address.city", "items[].sku"). Breaking: a field removed, or retyped other than widened
     * (a narrower integer to a wider one, float to double, a decimal to one with more digits).
     */
    public record SchemaDiff(List<Field> added, List<Field> removed, List<TypeChange> changed, boolean breaking) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }

    public record TypeChange(String name, String from, String to) {
    }

    /**
     * What recording a schema did: created (the first version), changed (a new version), unchanged
     * (none), or refused by the dataset's schema policy (none; message says why). The version is the
     * one recorded, or the latest when none was; message also names a breaking change that was recorded.
     */
    public record SchemaRecorded(String action, SchemaVersionView version, String policy, String message) {
    }

    /**
     * A PII tag proposed for a column, e.g. by `steward pii scan --server`. Source: detected or
     * manual. Evidence: a few of the spans found, masked (optional; at most 5, each at most 200 characters).
     */
    public record TagProposal(String column, String entityType, double confidence, String source, String explanation,
                              List<String> evidence) {
    }

    /** A tag in the review queue, with where it is. */
    public record ReviewItem(long tagId, long datasetId, String dataset, String column, String entityType,
                             double confidence, String source, String reviewState, String explanation, boolean masked,
                             String transform, List<String> evidence) {
    }

    /** A reviewer's verdict on a tag: confirmed or rejected. */
    public record TagReview(String state) {
    }
}

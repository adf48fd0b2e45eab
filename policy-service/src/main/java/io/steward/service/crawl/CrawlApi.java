package io.steward.service.crawl;

import io.steward.service.catalog.CatalogApi.Field;
import io.steward.service.catalog.CatalogApi.SchemaDiff;

import java.util.List;

/** What the crawl API takes and returns. */
public final class CrawlApi {

    private CrawlApi() {
    }

    /** What `steward crawl PATH --json` prints: the datasets found under root, and what could not be one. */
    public record Crawl(String root, List<Found> datasets, List<Problem> problems) {
    }

    /**
     * A dataset the crawler found: its name (OpenLineage's: namespace "file", the absolute path),
     * format, CSV delimiter (when not a comma), Hive partition keys and count, and schema.
     */
    public record Found(String namespace, String name, String location, String format, String delimiter,
                        List<String> partitionKeys, Integer partitions, Integer files, Long bytes, Double sampled,
                        List<Field> fields) {
    }

    public record Problem(String location, String message) {
    }

    /** What the crawl did to the catalog. */
    public record CrawlResult(List<DatasetResult> datasets, List<Problem> problems) {
    }

    /**
     * One dataset: registered (new), changed (a new schema version), unchanged, or refused (its
     * schema policy forbids the change; nothing recorded, audited as schema.refused).
     */
    public record DatasetResult(long id, String namespace, String name, String action, int version, String policy,
                                SchemaDiff diff, boolean breaking, String message) {
    }
}
